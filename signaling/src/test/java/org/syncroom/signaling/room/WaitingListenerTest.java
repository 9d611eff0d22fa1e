package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syncroom.signaling.protocol.ServerMessage;

/** A listener the tree has no slot for is told it waits, and told its parent once a slot frees. */
class WaitingListenerTest {
    /** The host feeds one child, a relay one: a room of three fills every slot. */
    private final OneSlotRoom rooms = new OneSlotRoom();

    @Test
    void aListenerMovedAwayWithNoFreeSlotIsToldItHasNoParentThenToldItsNewOne() {
        OneSlotRoom.Client host = rooms.host();
        String invite = OneSlotRoom.inviteOf(host);
        OneSlotRoom.Client relay = rooms.join(invite, true);
        OneSlotRoom.Client child = rooms.join(invite, false);
        assertThat(child.outbox().last(ServerMessage.Joined.class).upstreamPeerId()).isEqualTo(relay.peer().id());

        // The child says its relay tampers: the relay is demoted and keeps the host's only slot,
        // so the child has nowhere to go.
        rooms.clock.now += 1_000;
        rooms.report(child, "tampering", relay.peer().id());
        assertThat(child.outbox().last(ServerMessage.Upstream.class).peerId()).as("waiting: no parent").isNull();
        assertThat(relay.outbox().last(ServerMessage.Unfeed.class).peerId()).isEqualTo(child.peer().id());

        // The demoted relay leaves: its slot under the host goes to the waiting child.
        rooms.disconnect(relay);
        assertThat(child.outbox().last(ServerMessage.Upstream.class).peerId()).isEqualTo(host.peer().id());
        assertThat(host.outbox().last(ServerMessage.Feed.class).peerId()).isEqualTo(child.peer().id());
    }
}
