package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * A listener whose link to its parent never opened, with nowhere else to go, gets a fresh link
 * from the same parent: at once, then at most every {@link Room#RELINK_SAME_PARENT_EVERY_MS}, and
 * at most {@link Room#MAX_RELINKS_SAME_PARENT} times.
 */
class RelinkSameParentTest {
    /** The host feeds one child and nobody else can: the listener has no other parent. */
    private final OneSlotRoom rooms = new OneSlotRoom();

    @Test
    void aListenerWhoseOnlyParentNeverLinkedIsRelinkedToItAtMostEverySixSeconds() {
        OneSlotRoom.Client host = rooms.host();
        OneSlotRoom.Client listener = rooms.join(OneSlotRoom.inviteOf(host), false);
        String hostId = host.peer().id();
        assertThat(listener.outbox().last(ServerMessage.Joined.class).upstreamPeerId()).isEqualTo(hostId);
        int feeds = host.outbox().all(ServerMessage.Feed.class).size();

        rooms.clock.now += 3_500;
        rooms.report(listener, "unreachable", hostId);
        assertThat(listener.outbox().last(ServerMessage.Upstream.class).peerId()).as("the same parent, again").isEqualTo(hostId);
        assertThat(host.outbox().all(ServerMessage.Feed.class)).hasSize(feeds + 1);
        assertThat(host.outbox().last(ServerMessage.Feed.class).peerId()).isEqualTo(listener.peer().id());

        rooms.clock.now += 2_000; // reported again before the fresh link had its time: nothing new
        rooms.report(listener, "unreachable", hostId);
        assertThat(host.outbox().all(ServerMessage.Feed.class)).hasSize(feeds + 1);

        rooms.clock.now += 4_500;
        rooms.report(listener, "unreachable", hostId);
        assertThat(host.outbox().all(ServerMessage.Feed.class)).hasSize(feeds + 2);
        assertThat(listener.outbox().all(ServerMessage.Upstream.class)).hasSize(2);

        for (int i = 0; i < 10; i++) { // a listener that can never connect does not churn links for ever
            rooms.clock.now += 7_000;
            rooms.report(listener, "unreachable", hostId);
        }
        assertThat(listener.outbox().all(ServerMessage.Upstream.class)).hasSize(Room.MAX_RELINKS_SAME_PARENT);
    }
}
