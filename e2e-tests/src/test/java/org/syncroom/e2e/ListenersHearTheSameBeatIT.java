package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One host and four Chromium listeners with clocks seconds apart and drifting +/-100 ppm;
 * one of them opens the invite only after playback started, and listener-0 loses its server
 * connection at that moment. The bounds are generous on purpose: the benchmark reports the
 * real figures.
 */
class ListenersHearTheSameBeatIT {
    private static final SyncScenario.Config CONFIG = new SyncScenario.Config(3, 1, 4, 8, true);
    private static SyncScenario.Result result;

    @BeforeAll
    static void listenTogether() throws Exception {
        result = new SyncScenario(line -> System.out.println("[e2e] " + line)).run(CONFIG);
        System.out.println(result.report().describe());
    }

    private static Recording recording(String name) {
        return result.recordings().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listenersWithSkewedClocksRenderEveryClickWithinTheBound() {
        AlignmentReport report = result.report();
        assertThat(report.clicksCompared()).as("clicks heard by two or more listeners").isGreaterThanOrEqualTo(15);
        assertThat(report.levelMismatches()).as("clicks matched to a different click")
                .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
        assertThat(report.spreadMs().max()).as("worst spread between listeners, ms").isLessThan(Bounds.SPREAD_MS);
    }

    @Test
    void listenersPresentFromTheStartHearEveryClickWithoutGaps() {
        // Play starts 0.8 s after the press, and the first click is 0.5 s into the track.
        double heardSec = CONFIG.lateJoinAfterSec() + CONFIG.listenSec() - 0.8 - 0.5;
        int expected = (int) (heardSec / ClickTrack.CLICK_INTERVAL_SEC);
        for (int i = 0; i < CONFIG.listeners(); i++) {
            assertThat(recording("listener-" + i).clicks()).as("clicks of listener-" + i)
                    .hasSizeGreaterThanOrEqualTo(expected);
        }
    }

    @Test
    void listenerWhoseConnectionDropsReconnectsAndKeepsPlayingInSync() {
        Recording dropped = recording("listener-0");
        assertThat(dropped.milestones().get("connections")).as("signalling connections of listener-0").isEqualTo(2);
        AlignmentReport pair = AlignmentReport.of(List.of(dropped, recording("listener-1")));
        assertThat(pair.levelMismatches()).isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
        assertThat(pair.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
    }

    @Test
    void lateJoinerStartsAtTheCurrentPositionAndLandsInSync() {
        Recording late = recording("late-listener-0");
        assertThat(late.joinToFirstSoundMs()).as("join to first sound, ms").isNotNull().isLessThan(10_000);
        AlignmentReport pair = AlignmentReport.of(List.of(recording("listener-0"), late));
        assertThat(pair.clicksCompared()).as("late joiner clicks matched").isGreaterThanOrEqualTo(8);
        assertThat(pair.levelMismatches()).as("late joiner started from the wrong place")
                .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
        assertThat(pair.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
        List<Recording.Click> early = recording("listener-0").clicks();
        // Its first click may be cut short if it started part-way into it: identify the second.
        Recording.Click first = late.clicks().get(1);
        int k = 0;
        for (int i = 1; i < early.size(); i++) {
            if (Math.abs(early.get(i).atMs() - first.atMs()) < Math.abs(early.get(k).atMs() - first.atMs())) {
                k = i;
            }
        }
        assertThat(Math.abs(early.get(k).atMs() - first.atMs())).isLessThan(Bounds.SPREAD_MS);
        assertThat(first.levelIndex()).isEqualTo(early.get(k).levelIndex());
        assertThat(k).as("track click the late joiner heard first: mid-track, not the start")
                .isGreaterThanOrEqualTo((int) (CONFIG.lateJoinAfterSec() / ClickTrack.CLICK_INTERVAL_SEC) - 1);
    }
}
