package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command lead (docs/protocol.md, "Command lead"): the host stamps its first seek 800 ms
 * ahead; every listener tells how long before that its audio for the new position came; the host
 * then stamps the next seek by the slowest of them (× 1.25 + 250 ms, at least 400 ms), and with
 * that lead every listener again has the audio before it is due.
 */
class SeeksAreStampedAsFarAheadAsTheRoomNeedsIT {

    @Test
    void afterASeekTheHostStampsTheNextByWhatTheSlowestListenerNeededAndEveryoneStillHasItInTime() throws Exception {
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 40, session -> {
            List<ListeningSession.Listener> listeners = session.joinAndPlay(
                    List.of(ClockSkew.forListener(0), ClockSkew.forListener(1), ClockSkew.forListener(2)));
            session.awaitRoomPosition(1.5);
            assertThat(((Number) session.hostSnapshot().get("commandLeadMs")).doubleValue())
                    .as("the play found its audio held already: nothing learnt, the default lead").isEqualTo(800);

            double playAt = ((Number) ((Map<?, ?>) session.hostSnapshot().get("playback")).get("at")).doubleValue();
            session.seek(12);
            Map<?, ?> first = awaitRestartReported(session, listeners.size(), playAt);
            double firstNeedMs = 800 - ((Number) first.get("minLeadMs")).doubleValue();
            double leadMs = ((Number) session.hostSnapshot().get("commandLeadMs")).doubleValue();
            System.out.printf("[e2e] first seek: the slowest listener's audio came %.0f ms after the command; next lead %.0f ms%n",
                    firstNeedMs, leadMs);
            assertThat(leadMs).as("the next lead, from what the slowest needed")
                    .isCloseTo(Math.min(5000, Math.max(400, firstNeedMs * 1.25 + 250)), within(0.001));

            session.awaitRoomPosition(13.5);
            session.seek(24);
            Map<?, ?> second = awaitRestartReported(session, listeners.size(), ((Number) first.get("at")).doubleValue());
            double secondLeadMs = ((Number) second.get("minLeadMs")).doubleValue();
            System.out.printf("[e2e] second seek, stamped %.0f ms ahead: the slowest listener had its audio %.0f ms before it was due%n",
                    leadMs, secondLeadMs);
            assertThat(second.get("at")).as("a new restart").isNotEqualTo(first.get("at"));
            assertThat(secondLeadMs).as("ms the slowest listener had the audio for the new position before it was due")
                    .isPositive();
            return null;
        });
    }

    /**
     * Waits until the host's playback is newer than the one taking effect at {@code previousAt} and
     * every listener told how it landed; the host's summary of it.
     */
    private static Map<?, ?> awaitRestartReported(ListeningSession session, int listeners, double previousAt) {
        session.awaitHostSnapshot("s => s.roster.restart && s.playback && s.playback.at !== " + previousAt
                + " && s.roster.restart.at === s.playback.at && s.roster.restart.reported === " + listeners);
        return (Map<?, ?>) ((Map<?, ?>) session.hostSnapshot().get("roster")).get("restart");
    }
}
