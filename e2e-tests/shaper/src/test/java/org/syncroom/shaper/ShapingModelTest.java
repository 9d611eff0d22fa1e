package org.syncroom.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model alone, with made-up times: what it claims, over many draws, before any socket is involved. */
class ShapingModelTest {
    private static final long MS = 1_000_000;

    @Test
    void unshapedFramesAreDueWhenTheyArrive() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED, 1);

        Fate fate = model.admit(7 * MS, 100);

        assertThat(fate.isDropped()).isFalse();
        assertThat(fate.dueNanos()).isEqualTo(7 * MS);
    }

    @Test
    void delayDrawsHaveTheMeanAndStandardDeviationAskedAndReorderFramesOneMsApart() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED.withDelay(40, 15), 7);
        int n = 100_000;
        double sum = 0;
        double sumSquares = 0;
        int overtaken = 0;
        long previousDue = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long arrival = i * MS;
            long due = model.admit(arrival, 100).dueNanos();
            double delayMs = (due - arrival) / 1e6;
            sum += delayMs;
            sumSquares += delayMs * delayMs;
            if (due < previousDue) {
                overtaken++;
            }
            previousDue = due;
        }
        double mean = sum / n;
        double stddev = Math.sqrt(sumSquares / n - mean * mean);
        assertThat(mean).isCloseTo(40, within(0.2));
        assertThat(stddev).isCloseTo(15, within(0.2));
        // Two draws 1 ms apart swap when their difference (sd 15·√2 ≈ 21 ms) exceeds 1 ms: ~48%.
        assertThat((double) overtaken / n).isBetween(0.40, 0.55);
    }

    @Test
    void delayNeverGoesBelowZero() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED.withDelay(5, 20), 3);
        for (int i = 0; i < 10_000; i++) {
            assertThat(model.admit(i * MS, 100).dueNanos()).isGreaterThanOrEqualTo(i * MS);
        }
    }

    @Test
    void lossDropsTheFractionAskedIndependently() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED.withLoss(0.03), 11);
        int n = 200_000;
        int dropped = 0;
        int droppedAfterDropped = 0;
        boolean previousDropped = false;
        for (int i = 0; i < n; i++) {
            Fate fate = model.admit(i * MS, 100);
            if (fate.isDropped()) {
                assertThat(fate.dropped()).isEqualTo(DropReason.LOSS);
                dropped++;
                if (previousDropped) {
                    droppedAfterDropped++;
                }
            }
            previousDropped = fate.isDropped();
        }
        assertThat((double) dropped / n).isCloseTo(0.03, within(0.002));
        // Bernoulli: a drop is no likelier after a drop.
        assertThat((double) droppedAfterDropped / dropped).isCloseTo(0.03, within(0.01));
    }

    @Test
    void aRateCapSpacesFramesAtTheRateAndDropsWhatOverflowsTheQueue() {
        // 6 Mbit/s, 1,000-byte frames offered at 12 Mbit/s (one every 0.667 ms) for 10 s.
        LinkProfile profile = LinkProfile.UNSHAPED.withRate(6_000_000).withQueue(30_000);
        ShapingModel model = new ShapingModel(profile, 1);
        List<Long> departures = new ArrayList<>();
        int queueFull = 0;
        for (int i = 0; i < 15_000; i++) {
            long arrival = i * 2 * MS / 3;
            Fate fate = model.admit(arrival, 1000);
            if (fate.isDropped()) {
                assertThat(fate.dropped()).isEqualTo(DropReason.QUEUE_FULL);
                queueFull++;
            } else {
                departures.add(fate.dueNanos());
                // Never more than the queue's worth of waiting: 30,000 B at 6 Mbit/s is 40 ms.
                assertThat(fate.dueNanos() - arrival).isLessThanOrEqualTo(41 * MS);
            }
        }
        double seconds = (departures.get(departures.size() - 1) - departures.get(0)) / 1e9;
        double rate = (departures.size() - 1) * 8_000.0 / seconds;
        assertThat(rate).isCloseTo(6_000_000, within(6_000.0));
        assertThat((double) queueFull / 15_000).isCloseTo(0.5, within(0.01));
    }

    @Test
    void aCutDirectionDropsEveryFrameUntilMendedThenShapesAsBefore() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED.withDelay(10, 0), 1);
        model.setCut(true);
        for (int i = 0; i < 100; i++) {
            assertThat(model.admit(i * MS, 100).dropped()).isEqualTo(DropReason.CUT);
        }
        model.setCut(false);
        assertThat(model.admit(200 * MS, 100).dueNanos()).isEqualTo(210 * MS);
    }

    @Test
    void aNewProfileAppliesToFramesArrivingAfterIt() {
        ShapingModel model = new ShapingModel(LinkProfile.UNSHAPED.withDelay(10, 0), 1);
        long before = model.admit(0, 100).dueNanos();
        model.shape(LinkProfile.UNSHAPED.withDelay(60, 0));
        long after = model.admit(MS, 100).dueNanos();

        assertThat(before).isEqualTo(10 * MS);
        assertThat(after).isEqualTo(61 * MS);
    }
}
