package org.syncroom.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The standard listen-together run: listener pages with skewed clocks join, the host
 * presses play, some listeners open the invite only after playback started, and (if asked)
 * one listener loses its server connection meanwhile. Every page records what it rendered.
 */
public final class SyncScenario {

    /**
     * @param listeners    listener pages open before play
     * @param lateJoiners  listener pages opened {@code lateJoinAfterSec} after play
     * @param listenSec    how long to keep listening after the last page joined
     * @param dropOneConnection cut listener-0's signalling socket when the late joiners come in
     * @param fanout       listeners a relay feeds ({@code --fanout}); the host feeds as many
     * @param codec        the host's codec ({@code ?codec=}), null for the page's default
     */
    public record Config(int listeners, int lateJoiners, double lateJoinAfterSec, double listenSec,
                         boolean dropOneConnection, int fanout, String codec) {
        public Config(int listeners, int lateJoiners, double lateJoinAfterSec, double listenSec,
                      boolean dropOneConnection) {
            this(listeners, lateJoiners, lateJoinAfterSec, listenSec, dropOneConnection, 4, null);
        }

        public double trackSec() {
            return lateJoinAfterSec + listenSec + 10;
        }
    }

    /**
     * The relay tree at the end: hops to the deepest listener, links the host feeds, bytes sent
     * down, and the codec streamed.
     */
    public record TreeReport(int maxDepth, int hostLinks, long hostBytesSent, long relayBytesSent, double listenSec,
                             String codec) {}

    public record Result(AlignmentReport report, List<Recording> recordings, List<String> browserLog,
                         String browserVersion, TreeReport tree) {}

    /** How far ahead of the press the host's play command takes effect (roles/host.js). */
    private static final double PLAY_LEAD_SEC = 0.8;

    private final Consumer<String> progress;

    public SyncScenario(Consumer<String> progress) {
        this.progress = progress;
    }

    public Result run(Config config) throws Exception {
        return ListeningSession.with(progress, config.trackSec(), c -> c.withFanout(config.fanout(), config.fanout()),
                config.codec(), session -> run(session, config));
    }

    private Result run(ListeningSession session, Config config) {
        List<ClockSkew> skews = new ArrayList<>();
        for (int i = 0; i < config.listeners(); i++) {
            skews.add(ClockSkew.forListener(i));
        }
        List<ListeningSession.Listener> early = session.joinAndPlay(skews);
        // Play starts PLAY_LEAD_SEC after the press, at position 0.
        session.awaitRoomPosition(config.lateJoinAfterSec() - PLAY_LEAD_SEC);

        boolean drop = config.dropOneConnection() && !early.isEmpty();
        if (drop) {
            session.cutServerConnection(early.get(0), false);
        }
        List<ListeningSession.Listener> late = new ArrayList<>();
        for (int i = 0; i < config.lateJoiners(); i++) {
            int index = config.listeners() + i;
            late.add(session.join("late-listener-" + i, ClockSkew.forListener(index), true));
        }
        late.forEach(session::awaitListening);
        if (drop) {
            session.awaitReconnected(early.get(0));
        }
        if (!late.isEmpty()) {
            progress.accept(late.size() + " late joiner(s) connected mid-track");
        }
        double from = session.roomPosition();
        session.awaitRoomPosition(from + config.listenSec());
        double listened = session.roomPosition() - PLAY_LEAD_SEC;

        List<Recording> recordings = session.recordings();
        return new Result(AlignmentReport.of(recordings), recordings, session.log(), session.browserVersion(),
                tree(session, listened));
    }

    @SuppressWarnings("unchecked")
    private static TreeReport tree(ListeningSession session, double listenedSec) {
        Map<String, Object> host = session.hostSnapshot();
        String hostId = (String) host.get("peerId");
        Map<String, String> upstreamOf = new HashMap<>();
        long relayBytes = 0;
        for (ListeningSession.Listener l : session.listeners()) {
            Map<String, Object> s = session.snapshot(l);
            upstreamOf.put((String) s.get("peerId"), (String) s.get("upstreamPeerId"));
            relayBytes += ((Number) s.get("bytesSentDownstream")).longValue();
        }
        int maxDepth = 0;
        for (String id : upstreamOf.keySet()) {
            int depth = 0;
            for (String p = id; p != null && !p.equals(hostId) && depth < 100; p = upstreamOf.get(p)) {
                depth++;
            }
            maxDepth = Math.max(maxDepth, depth);
        }
        return new TreeReport(maxDepth, ((Number) host.get("downstreamLinks")).intValue(),
                ((Number) host.get("bytesSentDownstream")).longValue(), relayBytes, listenedSec,
                (String) ((Map<String, Object>) host.get("track")).get("codec"));
    }
}
