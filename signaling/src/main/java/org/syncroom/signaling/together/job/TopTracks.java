package org.syncroom.signaling.together.job;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Over all tracks of a window: applies the single-place filter and keeps the most played
 * {@code maxTracksPerWindow} shared tracks, so the output (and the page) stays bounded.
 */
public final class TopTracks implements AggregateFunction<TrackSession, TopTracks.Top, TopTracks.Top> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<TrackSession> MOST_PLAYED =
            Comparator.comparingLong((TrackSession s) -> s.plays).reversed().thenComparing(s -> s.trackKey);
    private final int maxTracksPerWindow;

    public TopTracks(int maxTracksPerWindow) {
        this.maxTracksPerWindow = maxTracksPerWindow;
    }

    /** Accumulator: the kept sessions (at most the bound, unsorted) and totals. */
    public static class Top {
        public TrackSession[] kept;
        public int keptCount;
        public long plays;
        public int tracks;
        public int shared;

        public Top() {}
    }

    @Override
    public Top createAccumulator() {
        Top top = new Top();
        top.kept = new TrackSession[maxTracksPerWindow];
        return top;
    }

    @Override
    public Top add(TrackSession session, Top top) {
        top.plays += session.plays;
        top.tracks++;
        if (session.isShared()) {
            top.shared++;
            keep(session, top);
        }
        return top;
    }

    /** Keeps the session if there is room or it outplays the least played kept one. */
    private static void keep(TrackSession session, Top top) {
        if (top.keptCount < top.kept.length) {
            top.kept[top.keptCount++] = session;
            return;
        }
        if (top.keptCount == 0) {
            return;
        }
        int least = 0;
        for (int i = 1; i < top.keptCount; i++) {
            if (MOST_PLAYED.compare(top.kept[i], top.kept[least]) > 0) {
                least = i;
            }
        }
        if (MOST_PLAYED.compare(session, top.kept[least]) < 0) {
            top.kept[least] = session;
        }
    }

    @Override
    public Top getResult(Top top) {
        return top;
    }

    @Override
    public Top merge(Top a, Top b) {
        for (int i = 0; i < b.keptCount; i++) {
            keep(b.kept[i], a);
        }
        a.plays += b.plays;
        a.tracks += b.tracks;
        a.shared += b.shared;
        return a;
    }

    /** Stamps the window's bounds on the result. */
    public static final class Stamp extends ProcessAllWindowFunction<Top, SessionWindow, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Context context, Iterable<Top> tops, Collector<SessionWindow> out) {
            for (Top top : tops) {
                out.collect(toWindow(top, context.window().getStart(), context.window().getEnd()));
            }
        }
    }

    public static SessionWindow toWindow(Top top, long startMs, long endMs) {
        SessionWindow window = new SessionWindow();
        window.windowStartMs = startMs;
        window.windowEndMs = endMs;
        window.playsInWindow = top.plays;
        window.tracksInWindow = top.tracks;
        window.sharedTracks = top.shared;
        window.sessions = Arrays.copyOf(top.kept, top.keptCount);
        Arrays.sort(window.sessions, MOST_PLAYED);
        return window;
    }
}
