package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlignmentReportTest {

    private static Recording listener(String name, double shiftMs, int firstClick, int lastClick) {
        List<Recording.Click> clicks = IntStream.rangeClosed(firstClick, lastClick)
                .mapToObj(k -> new Recording.Click(10_000 + ClickTrack.clickTime(k) * 1000 + shiftMs,
                        ClickTrack.levelIndex(ClickTrack.levelOf(k))))
                .toList();
        return new Recording(name, firstClick > 0, 9_000, 9_500.0, clicks, java.util.Map.of());
    }

    @Test
    void listenersAFewMillisecondsApartAreMeasuredByTheirSpread() {
        AlignmentReport report = AlignmentReport.of(List.of(
                listener("a", 0, 0, 9), listener("b", 2, 0, 9), listener("c", 5, 0, 9)));
        assertThat(report.clicksCompared()).isEqualTo(10);
        assertThat(report.spreadMs().max()).isCloseTo(5, within(1e-9));
        assertThat(report.errorMs().max()).isCloseTo(3, within(1e-9));
        assertThat(report.levelMismatches()).isZero();
    }

    @Test
    void aListenerAWholeClickOffIsAMismatchNotAlignment() {
        Recording early = listener("a", 0, 0, 9);
        Recording shifted = listener("b", ClickTrack.CLICK_INTERVAL_SEC * 1000, 0, 9);
        AlignmentReport report = AlignmentReport.of(List.of(early, shifted));
        assertThat(report.levelMismatches()).isEqualTo(report.clicksCompared()).isPositive();
    }

    @Test
    void lateJoinerIsComparedOnlyOnTheClicksItHeardAndItsJoinTimeIsReported() {
        Recording late = listener("late", 1, 6, 9);
        AlignmentReport report = AlignmentReport.of(List.of(listener("a", 0, 0, 9), late));
        assertThat(report.clicksCompared()).isEqualTo(4);
        assertThat(report.joinToFirstSoundMs().max()).isEqualTo(500);
        assertThat(report.clicksPerListener()).containsEntry("late", 4).containsEntry("a", 10);
    }

    @Test
    void percentilesUseNearestRank() {
        Stats stats = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
        assertThat(stats.p50()).isEqualTo(3.0);
        assertThat(stats.p95()).isEqualTo(5.0);
        assertThat(stats.max()).isEqualTo(5.0);
        assertThat(Stats.of(List.of()).count()).isZero();
    }
}
