package org.syncroom.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * A listener whose link to its parent never opened, with nowhere else to go, gets a fresh link
 * from the same parent: at once, then at most every {@link Room#RELINK_SAME_PARENT_EVERY_MS}, and
 * at most {@link Room#MAX_RELINKS_SAME_PARENT} times.
 */
class RelinkSameParentTest {
    private final ManualClock clock = new ManualClock();
    private final Limits limits = Limits.defaults();
    /** The host feeds one child and nobody else can: the listener has no other parent. */
    private final RoomService service = new RoomService(new RoomRegistry(new Tokens(), 3, limits, new TreeShape(1, 1)),
            clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
    private int nextAddress;

    private record Client(Peer peer, RecordingOutbox outbox) {}

    private Client connect() {
        RecordingOutbox outbox = new RecordingOutbox();
        return new Client(service.connect("192.0.2." + (++nextAddress), outbox), outbox);
    }

    @Test
    void aListenerWhoseOnlyParentNeverLinkedIsRelinkedToItAtMostEverySixSeconds() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom(RoomServiceTest.HOST_KEY), clock.now);
        String url = host.outbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        Client listener = connect();
        service.handle(listener.peer, new ClientMessage.Join(url.substring(url.indexOf("invite=") + 7), false), clock.now);
        assertThat(listener.outbox.last(ServerMessage.Joined.class).upstreamPeerId()).isEqualTo(host.peer.id());
        int feeds = host.outbox.all(ServerMessage.Feed.class).size();

        clock.now += 3_500;
        service.handle(listener.peer, new ClientMessage.Report("unreachable", host.peer.id()), clock.now);
        assertThat(listener.outbox.last(ServerMessage.Upstream.class).peerId()).as("the same parent, again").isEqualTo(host.peer.id());
        assertThat(host.outbox.all(ServerMessage.Feed.class)).hasSize(feeds + 1);
        assertThat(host.outbox.last(ServerMessage.Feed.class).peerId()).isEqualTo(listener.peer.id());

        clock.now += 2_000; // reported again before the fresh link had its time: nothing new
        service.handle(listener.peer, new ClientMessage.Report("unreachable", host.peer.id()), clock.now);
        assertThat(host.outbox.all(ServerMessage.Feed.class)).hasSize(feeds + 1);

        clock.now += 4_500;
        service.handle(listener.peer, new ClientMessage.Report("unreachable", host.peer.id()), clock.now);
        assertThat(host.outbox.all(ServerMessage.Feed.class)).hasSize(feeds + 2);
        assertThat(listener.outbox.all(ServerMessage.Upstream.class)).hasSize(2);

        for (int i = 0; i < 10; i++) { // a listener that can never connect does not churn links for ever
            clock.now += 7_000;
            service.handle(listener.peer, new ClientMessage.Report("unreachable", host.peer.id()), clock.now);
        }
        assertThat(listener.outbox.all(ServerMessage.Upstream.class)).hasSize(Room.MAX_RELINKS_SAME_PARENT);
    }
}
