package org.syncroom.signaling.together.job;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Window aggregate: counts a track's plays and keeps a bounded sample of their addresses. */
public final class SamplePlays implements AggregateFunction<PlayEvent, TrackSample, TrackSample> {
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
    public TrackSample add(PlayEvent play, TrackSample sample) {
        sample.add(play.trackKey, play.ipv4);
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
