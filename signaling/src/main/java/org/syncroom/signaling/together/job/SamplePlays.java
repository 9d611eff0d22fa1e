package org.syncroom.signaling.together.job;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Window aggregate: merges the partial samples of a track ({@link PreSample}) into one count
 * and one bounded sample of addresses.
 */
public final class SamplePlays implements AggregateFunction<TrackSample, TrackSample, TrackSample> {
    private static final long serialVersionUID = 1L;
    private final int maxPlaysSampledPerTrack;

    public SamplePlays(int maxPlaysSampledPerTrack) {
        this.maxPlaysSampledPerTrack = maxPlaysSampledPerTrack;
    }

    @Override
    public TrackSample createAccumulator() {
        return new TrackSample(maxPlaysSampledPerTrack, System.nanoTime());
    }

    @Override
    public TrackSample add(TrackSample partial, TrackSample sample) {
        sample.merge(partial);
        return sample;
    }

    @Override
    public TrackSample getResult(TrackSample sample) {
        return sample;
    }

    @Override
    public TrackSample merge(TrackSample a, TrackSample b) {
        a.merge(b);
        return a;
    }
}
