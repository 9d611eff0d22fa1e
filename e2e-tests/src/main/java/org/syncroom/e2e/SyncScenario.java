package org.syncroom.e2e;

import java.util.ArrayList;
import java.util.List;
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
     */
    public record Config(int listeners, int lateJoiners, double lateJoinAfterSec, double listenSec,
                         boolean dropOneConnection) {
        public double trackSec() {
            return lateJoinAfterSec + listenSec + 10;
        }
    }

    public record Result(AlignmentReport report, List<Recording> recordings, List<String> browserLog,
                         String browserVersion) {}

    /** How far ahead of the press the host's play command takes effect (roles/host.js). */
    private static final double PLAY_LEAD_SEC = 0.8;

    private final Consumer<String> progress;

    public SyncScenario(Consumer<String> progress) {
        this.progress = progress;
    }

    public Result run(Config config) throws Exception {
        return ListeningSession.with(progress, config.trackSec(), session -> run(session, config));
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
        session.awaitRoomPosition(session.roomPosition() + config.listenSec());

        List<Recording> recordings = session.recordings();
        return new Result(AlignmentReport.of(recordings), recordings, session.log(), session.browserVersion());
    }
}
