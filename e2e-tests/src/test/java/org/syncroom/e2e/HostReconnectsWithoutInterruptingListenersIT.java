package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's server connection drops mid-track: the page reconnects, reclaims the host seat
 * with its host token, and re-offers to every listener, while listeners keep playing from
 * what they had buffered. Nobody should hear a gap or fall out of step.
 */
class HostReconnectsWithoutInterruptingListenersIT {

    @Test
    void hostDroppingItsServerConnectionDoesNotInterruptOrDesyncListeners() throws Exception {
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 30, session -> {
            List<ListeningSession.Listener> listeners =
                    session.joinAndPlay(List.of(ClockSkew.forListener(4), ClockSkew.forListener(5)));
            session.awaitRoomPosition(1.2);

            session.cutHostServerConnection();
            String newHostId = session.awaitHostBack();
            session.awaitRoomPosition(session.roomPosition() + 6);

            for (ListeningSession.Listener listener : listeners) {
                assertThat(session.hostPeerIdSeenBy(listener)).as(listener.name() + " follows the new host id")
                        .isEqualTo(newHostId);
            }
            List<Recording> recordings = session.recordings();
            AlignmentReport report = AlignmentReport.of(recordings);
            System.out.println(report.describe());
            recordings.forEach(r -> System.out.println(r.name() + " " + r.milestones()));
            assertThat(report.levelMismatches()).isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
            // From the first click (0.5 s into the track) every 0.5 s for at least 7 s: no gap.
            for (Recording r : recordings) {
                List<Recording.Click> clicks = r.clicks();
                assertThat(clicks).as(r.name() + " clicks").hasSizeGreaterThanOrEqualTo(14);
                for (int i = 1; i < clicks.size(); i++) {
                    assertThat(clicks.get(i).atMs() - clicks.get(i - 1).atMs())
                            .as(r.name() + " gap before click " + i).isLessThan(600);
                }
            }
            return null;
        });
    }
}
