package org.syncroom.e2e.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syncroom.e2e.ClockSkew;
import org.syncroom.e2e.ListeningSession;
import org.syncroom.e2e.Recording;
import org.syncroom.e2e.Stats;

/**
 * The "Your sound" controls of a listener's page (issue 12), used as a listener would, mid-track:
 * five presses of "+10" set a device delay of 50 ms and the volume slider goes to 80%. Against a
 * listener who changed nothing, that page's captured clicks move 50±1 ms earlier (it plays earlier
 * by the delay its device will add) and drop to 80% of their level: the volume touches the level
 * only. Each page's clicks after the change are compared with its own before it, so the two
 * pages' clock estimates (within a millisecond of each other here) do not enter the figure.
 */
class YourSoundControlsIT {
    private static final double TRACK_SEC = 14;
    private static final long BEFORE_MS = 4_000;
    private static final long AFTER_MS = 5_000;
    private static final double DELAY_MS = 50;
    private static final double VOLUME = 0.8;
    /** Clicks of the two pages further apart than this are not the same click. */
    private static final double SAME_CLICK_MS = 150;
    /** Clicks this close to the change are left out: queued before it, or re-queued as it applies. */
    private static final double SETTLING_MS = 700;

    private record Pair(double shiftMs, double levelRatio, boolean compareLevel) {}

    @Test
    void aDeviceDelayOfFiftyMsMovesThatListenersClicksFiftyMsEarlierAndItsVolumeOnlyTheirLevel() throws Exception {
        double[] changedAtMs = new double[1];
        List<Recording> recordings = ListeningSession.with(line -> System.out.println("[e2e] " + line), TRACK_SEC, session -> {
            ListeningSession.Listener plain = session.join("listener-0", ClockSkew.forListener(0), false);
            ListeningSession.Listener tuned = session.join("listener-1", ClockSkew.forListener(1), false);
            List.of(plain, tuned).forEach(session::awaitListening);
            List.of(plain, tuned).forEach(session::awaitFed);
            session.play();
            Thread.sleep(BEFORE_MS);
            Page page = tuned.page();
            changedAtMs[0] = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                page.click("button[data-offset-step='10']");
            }
            page.locator("#volume").fill(String.valueOf(Math.round(VOLUME * 100)));
            assertThat(page.textContent("#offset-value")).as("the delay the page shows").contains("50 ms");
            assertThat(page.textContent("#volume-value")).as("the volume the page shows").contains("80%");
            Thread.sleep(AFTER_MS);
            return session.recordings();
        });
        // The clicks nearest the change on either side: the pages' clock estimates wander a little
        // (well under a millisecond) with every resync, so the less time between, the less of it.
        List<Pair> before = lastOf(pairs(recordings.get(0), recordings.get(1), Double.NEGATIVE_INFINITY, changedAtMs[0] - 100), 5);
        List<Pair> after = pairs(recordings.get(0), recordings.get(1), changedAtMs[0] + SETTLING_MS, Double.POSITIVE_INFINITY);
        after = after.subList(0, Math.min(after.size(), 7));
        System.out.println("[e2e] tuned page's clicks earlier than the other's, ms: before " + before.stream().map(Pair::shiftMs).toList()
                + "; after " + after.stream().map(Pair::shiftMs).toList());
        assertThat(before).as("clicks both pages rendered before the change").hasSizeGreaterThanOrEqualTo(4);
        assertThat(after).as("clicks both pages rendered after the change").hasSizeGreaterThanOrEqualTo(5);
        double afterMs = median(after.stream().map(Pair::shiftMs).toList());
        double shiftMs = afterMs - median(before.stream().map(Pair::shiftMs).toList());
        double levelRatio = median(after.stream().filter(Pair::compareLevel).map(Pair::levelRatio).toList())
                / median(before.stream().filter(Pair::compareLevel).map(Pair::levelRatio).toList());
        System.out.printf("[e2e] the device delay moved the clicks %.2f ms earlier; the volume scaled their level by %.3f%n", shiftMs, levelRatio);
        assertThat(shiftMs).as("ms the device delay moved that page's clicks earlier (median after less median before)")
                .isBetween(DELAY_MS - 1, DELAY_MS + 1);
        assertThat(after.stream().filter(p -> Math.abs(p.shiftMs() - afterMs) > 3).count())
                .as("clicks after the change more than 3 ms off the rest").isLessThanOrEqualTo(1);
        assertThat(levelRatio).as("level after the volume change over the level before").isBetween(VOLUME - 0.02, VOLUME + 0.02);
    }

    /** The tuned page's clicks rendered within [fromMs, toMs), each with the plain page's same click. */
    private static List<Pair> pairs(Recording plain, Recording tuned, double fromMs, double toMs) {
        List<Pair> pairs = new ArrayList<>();
        for (Recording.Click click : tuned.clicks()) {
            if (click.atMs() < fromMs || click.atMs() >= toMs) continue;
            Recording.Click same = nearest(plain.clicks(), click.atMs());
            if (same == null || Math.abs(same.atMs() - click.atMs()) > SAME_CLICK_MS) continue;
            // Levels near the tap's threshold (0.3) are read less exactly: the louder three are compared.
            pairs.add(new Pair(same.atMs() - click.atMs(), click.level() / same.level(), same.levelIndex() > 0));
        }
        return pairs;
    }

    private static List<Pair> lastOf(List<Pair> pairs, int n) {
        return pairs.subList(Math.max(0, pairs.size() - n), pairs.size());
    }

    private static Recording.Click nearest(List<Recording.Click> clicks, double atMs) {
        Recording.Click best = null;
        for (Recording.Click c : clicks) {
            if (best == null || Math.abs(c.atMs() - atMs) < Math.abs(best.atMs() - atMs)) best = c;
        }
        return best;
    }

    private static double median(List<Double> values) {
        return Stats.of(values).p50();
    }
}
