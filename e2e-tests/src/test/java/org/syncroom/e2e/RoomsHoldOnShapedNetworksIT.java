package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rooms on links shaped like real ones (issue 10, "How it is shown"): the host and every listener
 * in a Chromium of its own, each in a network namespace of its own, its traffic through the
 * user-space shaper (e2e-tests/shaper). Under 40±15 ms jitter with reordering, under 3% loss at a
 * 60 ms round trip, and with the host's uplink capped at 6 Mbit/s and 8 listeners at fanout 4:
 * after the first 2 s nobody misses a click and the listeners stay in step within the e2e bound; a
 * late joiner on a jittery link sounds within 2 s; a listener whose link is cut warns within 1 s.
 * The rooms run one after the other, each as small as its point needs (see README, "Network
 * conditions"), so the two cores are not starved.
 *
 * <p>The late joiner's 2 s run from its join leaving the page (the early socket sends it as soon
 * as it opens: boot/early-socket.js) to its first sound; the page's load before it (its HTML and
 * the 36 kB script over the same link, on a Chromium that had to start a renderer on a busy
 * machine) is printed beside it, never bounded here.
 */
class RoomsHoldOnShapedNetworksIT {

    @Test
    void underJitterWithReorderingNobodyMissesAClickAndALateJoinerSoundsWithinTwoSeconds() throws Exception {
        ShapedScenario.Result result = run("jitter");
        ShapedScenario.ListenerResult late = result.listeners().stream().filter(ShapedScenario.ListenerResult::late)
                .findFirst().orElseThrow();
        System.out.println("[e2e] late joiner: " + late.openToSoundMs() + " ms from opening the invite link to sound");
        assertThat(late.joinToSoundMs()).as("late joiner on a jittery link: ms from its join to sound")
                .isNotNull().isLessThan(2000);
    }

    @Test
    void underThreePercentLossAt60MsRoundTripNobodyMissesAClickAndACutListenerWarnsWithinOneSecond() throws Exception {
        ShapedScenario.Result result = run("loss");
        assertThat(result.warnedAfterMs()).as("ms from the cut of a listener's link to its page's warning")
                .isNotNull().isLessThan(1000);
        assertThat(result.inSyncShownWhileWarned()).as("\"in sync\" shown while warned").isFalse();
    }

    @Test
    void withTheHostUplinkCappedAtSixMbitEightListenersAtFanoutFourMissNoClick() throws Exception {
        run("uplink-cap");
    }

    private static ShapedScenario.Result run(String name) throws Exception {
        ShapedScenario scenario = ShapedScenario.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        ShapedScenario.Result result = scenario.run("opus", line -> System.out.println("[e2e] " + line));
        System.out.println("[e2e] " + name + ": " + result.alignment().describe());
        result.listeners().forEach(l -> System.out.println("[e2e] " + name + ": " + l));
        System.out.println("[e2e] " + name + ": stream " + Math.round(result.streamBytesPerSec()) + " B/s per link; "
                + result.machineLoad());
        for (ShapedScenario.ListenerResult listener : result.listeners()) {
            assertThat(listener.clicksJudged()).as(listener.name() + ": clicks judged").isPositive();
            assertThat(listener.clicksMissed()).as(listener.name() + ": clicks missed after the first 2 s").isZero();
        }
        assertThat(result.alignment().levelMismatches()).as("clicks matched to a different click")
                .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
        assertThat(result.alignment().spreadMs().max()).as("per-click spread, ms").isLessThan(Bounds.SPREAD_MS);
        return result;
    }
}
