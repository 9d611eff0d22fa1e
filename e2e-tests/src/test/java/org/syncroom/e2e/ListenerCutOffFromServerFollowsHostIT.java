package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener whose server connection is gone for good still follows the host: the audio
 * and the host's sync pulses (play/pause/seek state stamped in server time) come over the
 * WebRTC data channel, and its clock keeps the drift it had learnt.
 */
class ListenerCutOffFromServerFollowsHostIT {

    @Test
    void listenerWithoutServerConnectionFollowsASeekInSync() throws Exception {
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 40, session -> {
            List<ListeningSession.Listener> listeners =
                    session.joinAndPlay(List.of(ClockSkew.forListener(0), ClockSkew.forListener(1)));
            ListeningSession.Listener connected = listeners.get(0);
            ListeningSession.Listener cutOff = listeners.get(1);
            session.awaitRoomPosition(1.2);

            session.cutServerConnection(cutOff, true);
            session.awaitRoomPosition(session.roomPosition() + 1);
            session.seek(25);
            session.awaitRoomPosition(29.2);

            assertThat(session.serverConnected(cutOff)).as("cut-off listener's server socket is open").isFalse();
            double instant = session.serverNowOf(connected);
            double expected = session.positionOf(connected, instant);
            assertThat(expected).as("position after seeking to 25 s").isBetween(25.0, 35.0);
            assertThat(session.positionOf(cutOff, instant)).isCloseTo(expected, within(0.05));

            List<Recording> recordings = session.recordings();
            AlignmentReport report = AlignmentReport.of(recordings);
            System.out.println(report.describe());
            assertThat(report.levelMismatches()).as("clicks matched to a different click")
                    .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
            // The two recordings are fetched one after the other, so either may hold one
            // click more than the other: compare the last click both rendered, and require
            // the cut-off listener's newest click to be at most one click period older.
            List<Recording.Click> a = recordings.get(0).clicks();
            List<Recording.Click> b = recordings.get(1).clicks();
            double lastOfBoth = Math.min(a.get(a.size() - 1).atMs(), b.get(b.size() - 1).atMs());
            assertThat(nearest(b, lastOfBoth) - nearest(a, lastOfBoth))
                    .as("last click both rendered, ms the cut-off listener is behind listener-0")
                    .isCloseTo(0, within(Bounds.SPREAD_MS));
            assertThat(a.get(a.size() - 1).atMs() - b.get(b.size() - 1).atMs())
                    .as("cut-off listener still rendering at the end: its newest click is this many ms older")
                    .isLessThan(ClickTrack.CLICK_INTERVAL_SEC * 1000 + Bounds.SPREAD_MS);
            return null;
        });
    }

    private static double nearest(List<Recording.Click> clicks, double atMs) {
        return clicks.stream().mapToDouble(Recording.Click::atMs)
                .reduce((x, y) -> Math.abs(x - atMs) <= Math.abs(y - atMs) ? x : y).orElseThrow();
    }
}
