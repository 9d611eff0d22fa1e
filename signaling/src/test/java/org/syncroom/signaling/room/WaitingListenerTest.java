package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ServerMessage;

/** A listener the tree has no slot for is told it waits, and told its parent once a slot frees. */
class WaitingListenerTest {
    private final ManualClock clock = new ManualClock();
    private final Limits limits = Limits.defaults();
    /** The host feeds one child, a relay one: a room of three fills every slot. */
    private final RoomService service = new RoomService(new RoomRegistry(new Tokens(), 3, limits, new TreeShape(1, 1)),
            clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
    private int nextAddress;

    private record Client(Peer peer, RecordingOutbox outbox) {}

    private Client connect() {
        RecordingOutbox outbox = new RecordingOutbox();
        return new Client(service.connect("192.0.2." + (++nextAddress), outbox), outbox);
    }

    private Client join(String invite, boolean relay) {
        Client listener = connect();
        service.handle(listener.peer, new ClientMessage.Join(invite, relay), clock.now);
        return listener;
    }

    @Test
    void aListenerMovedAwayWithNoFreeSlotIsToldItHasNoParentThenToldItsNewOne() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom(RoomServiceTest.HOST_KEY), clock.now);
        String url = host.outbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        String invite = url.substring(url.indexOf("invite=") + "invite=".length());
        Client relay = join(invite, true);
        Client child = join(invite, false);
        assertThat(child.outbox.last(ServerMessage.Joined.class).upstreamPeerId()).isEqualTo(relay.peer.id());

        // The child says its relay tampers: the relay is demoted and keeps the host's only slot,
        // so the child has nowhere to go.
        clock.now += 1_000;
        service.handle(child.peer, new ClientMessage.Report("tampering", relay.peer.id()), clock.now);
        assertThat(child.outbox.last(ServerMessage.Upstream.class).peerId()).as("waiting: no parent").isNull();
        assertThat(relay.outbox.last(ServerMessage.Unfeed.class).peerId()).isEqualTo(child.peer.id());

        // The demoted relay leaves: its slot under the host goes to the waiting child.
        service.disconnect(relay.peer);
        assertThat(child.outbox.last(ServerMessage.Upstream.class).peerId()).isEqualTo(host.peer.id());
        assertThat(host.outbox.last(ServerMessage.Feed.class).peerId()).isEqualTo(child.peer.id());
    }
}
