package org.syncroom.signaling.together.job;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Local pre-aggregation before the shuffle by track (a combiner): counts and samples each
 * track's plays per window in the source's own task and emits one partial {@link TrackSample}
 * per track and window when the watermark passes the window's end, stamped with the window's
 * last millisecond. The keyed window then merges partials instead of taking every play, so a
 * play costs a hash lookup here and nothing downstream. Open windows and the tracks in each are
 * bounded; a play past either bound, or already late, is counted and dropped.
 */
public final class PreSample extends AbstractStreamOperator<TrackSample>
        implements OneInputStreamOperator<PlayEvent, TrackSample> {
    private static final long serialVersionUID = 1L;
    /** Distinct tracks kept per window in one task. */
    public static final int MAX_TRACKS_PER_WINDOW = 200_000;
    /** Windows open at once (plays stamped up to the clock check's 10 s ahead). */
    public static final int MAX_OPEN_WINDOWS = 32;

    private final long windowMs;
    private final int maxPlaysSampledPerTrack;
    private transient TreeMap<Long, Map<String, TrackSample>> open;
    /**
     * The window the last play went to, and its tracks: nearly every play lands in the same
     * window as the one before, and this spares a boxed key and a tree lookup per play (a
     * third of this task's allocation at 300,000 plays/s).
     */
    private transient long lastStart;
    private transient Map<String, TrackSample> lastTracks;
    private transient long watermarkMs;
    private transient Counter dropped;

    public PreSample(long windowMs, int maxPlaysSampledPerTrack) {
        this.windowMs = windowMs;
        this.maxPlaysSampledPerTrack = maxPlaysSampledPerTrack;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new TreeMap<>();
        watermarkMs = Long.MIN_VALUE;
        dropped = getMetricGroup().counter("playsOverBoundsOrLate");
    }

    @Override
    public void processElement(StreamRecord<PlayEvent> record) {
        PlayEvent play = record.getValue();
        long time = record.getTimestamp();
        long start = time - Math.floorMod(time, windowMs);
        if (start + windowMs - 1 <= watermarkMs) {
            dropped.inc();
            return;
        }
        Map<String, TrackSample> tracks = lastTracks != null && start == lastStart ? lastTracks : open.get(start);
        if (tracks == null) {
            if (open.size() >= MAX_OPEN_WINDOWS) {
                dropped.inc();
                return;
            }
            tracks = new HashMap<>();
            open.put(start, tracks);
        }
        lastStart = start;
        lastTracks = tracks;
        TrackSample sample = tracks.get(play.trackKey);
        if (sample == null) {
            if (tracks.size() >= MAX_TRACKS_PER_WINDOW) {
                dropped.inc();
                return;
            }
            sample = new TrackSample(maxPlaysSampledPerTrack, System.nanoTime());
            tracks.put(play.trackKey, sample);
        }
        sample.add(play.trackKey, play.addressHigh, play.addressLow);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermarkMs = mark.getTimestamp();
        while (!open.isEmpty() && open.firstKey() + windowMs - 1 <= watermarkMs) {
            Map.Entry<Long, Map<String, TrackSample>> window = open.pollFirstEntry();
            if (window.getValue() == lastTracks) {
                lastTracks = null;
            }
            long lastMs = window.getKey() + windowMs - 1;
            for (TrackSample sample : window.getValue().values()) {
                output.collect(new StreamRecord<>(sample, lastMs));
            }
        }
        super.processWatermark(mark);
    }
}
