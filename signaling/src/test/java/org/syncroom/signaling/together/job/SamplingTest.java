package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void countsEveryPlayButKeepsAtMostTheBound() {
        SamplePlays sampling = new SamplePlays(32);
        TrackSample sample = sampling.createAccumulator();
        for (int i = 0; i < 10_000; i++) {
            sampling.add(new PlayEvent(0, "t", 0x01000000 + i, "r"), sample);
        }
        assertThat(sample.plays).isEqualTo(10_000);
        assertThat(sample.sampled).isEqualTo(32);
        assertThat(Arrays.stream(sample.sample).distinct().count()).isEqualTo(32);
    }

    @Test
    void sampleIsSpreadOverAllPlaysNotJustTheFirst() {
        SamplePlays sampling = new SamplePlays(32);
        long late = 0;
        for (int round = 0; round < 50; round++) {
            TrackSample sample = sampling.createAccumulator();
            for (int i = 0; i < 1_000; i++) {
                sampling.add(new PlayEvent(0, "t", i, "r"), sample);
            }
            late += Arrays.stream(sample.sample).filter(a -> a >= 500).count();
        }
        // Uniform: about half of 50 x 32 samples come from the second half of the plays.
        assertThat(late).isBetween(600L, 1000L);
    }

    @Test
    void fewerPlaysThanTheBoundAreAllKept() {
        SamplePlays sampling = new SamplePlays(32);
        TrackSample sample = sampling.createAccumulator();
        sampling.add(new PlayEvent(0, "t", 7, "r"), sample);
        sampling.add(new PlayEvent(0, "t", 9, "r"), sample);
        assertThat(Arrays.copyOf(sample.sample, sample.sampled)).containsExactly(7, 9);
    }
}
