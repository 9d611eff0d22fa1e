package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void countsEveryPlayButKeepsAtMostTheBound() {
        TrackSample sample = new TrackSample(32, 7);
        for (int i = 0; i < 10_000; i++) {
            sample.add("t", 0x01000000 + i);
        }
        assertThat(sample.plays).isEqualTo(10_000);
        assertThat(sample.sampled).isEqualTo(32);
        assertThat(Arrays.stream(sample.sampleLow).distinct().count()).isEqualTo(32);
    }

    @Test
    void sampleIsSpreadOverAllPlaysNotJustTheFirst() {
        long late = 0;
        for (int round = 0; round < 50; round++) {
            TrackSample sample = new TrackSample(32, round + 1);
            for (int i = 0; i < 1_000; i++) {
                sample.add("t", i);
            }
            late += Arrays.stream(sample.sampleLow).filter(a -> IpAddress.ipv4Of(a) >= 500).count();
        }
        // Uniform: about half of 50 x 32 samples come from the second half of the plays.
        assertThat(late).isBetween(600L, 1000L);
    }

    @Test
    void fewerPlaysThanTheBoundAreAllKept() {
        TrackSample sample = new TrackSample(32, 1);
        sample.add("t", 7);
        sample.add("t", 9);
        assertThat(Arrays.stream(sample.sampleLow, 0, sample.sampled).mapToInt(IpAddress::ipv4Of).toArray())
                .containsExactly(7, 9);
    }

    @Test
    void mergingPartialSamplesAddsPlaysKeepsTheBoundAndWeighsByPlays() {
        SamplePlays merging = new SamplePlays(32);
        long fromBig = 0;
        for (int round = 0; round < 50; round++) {
            TrackSample big = new TrackSample(32, round + 1);
            for (int i = 0; i < 3_000; i++) {
                big.add("t", 1);
            }
            TrackSample small = new TrackSample(32, round + 7);
            for (int i = 0; i < 1_000; i++) {
                small.add("t", 2);
            }
            TrackSample merged = merging.add(small, merging.add(big, merging.createAccumulator()));
            assertThat(merged.plays).isEqualTo(4_000);
            assertThat(merged.sampled).isEqualTo(32);
            assertThat(merged.trackKey).isEqualTo("t");
            fromBig += Arrays.stream(merged.sampleLow).filter(a -> IpAddress.ipv4Of(a) == 1).count();
        }
        // Three quarters of the plays came from the big partial: about 1,200 of 1,600 samples.
        assertThat(fromBig).isBetween(1_050L, 1_350L);
    }
}
