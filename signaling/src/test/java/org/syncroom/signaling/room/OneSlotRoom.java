package org.syncroom.signaling.room;

import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * A room service whose host feeds one child and whose relays feed one each, at most three
 * listeners a room, on a manual clock: rooms small enough that a listener soon has nowhere else
 * to go. For tests of what the server does then.
 */
final class OneSlotRoom {
    final ManualClock clock = new ManualClock();
    private final Limits limits = Limits.defaults();
    private final RoomService service = new RoomService(new RoomRegistry(new Tokens(), 3, limits, new TreeShape(1, 1)),
            clock, new Tokens(), token -> "https://room.test/?invite=" + token, new AddressLimits(limits, clock));
    private int nextAddress;

    record Client(Peer peer, RecordingOutbox outbox) {}

    /** A page connected from an address of its own. */
    Client connect() {
        RecordingOutbox outbox = new RecordingOutbox();
        return new Client(service.connect("192.0.2." + (++nextAddress), outbox), outbox);
    }

    /** A host that created a room; its invite token is {@link #inviteOf}. */
    Client host() {
        Client host = connect();
        service.handle(host.peer, new ClientMessage.CreateRoom(RoomServiceTest.HOST_KEY), clock.now);
        return host;
    }

    static String inviteOf(Client host) {
        String url = host.outbox.last(ServerMessage.RoomCreated.class).inviteUrl();
        return url.substring(url.indexOf("invite=") + "invite=".length());
    }

    Client join(String invite, boolean relay) {
        Client listener = connect();
        service.handle(listener.peer, new ClientMessage.Join(invite, relay), clock.now);
        return listener;
    }

    /** {@code from} reports {@code problem} ("starving", "tampering", "unreachable") about {@code peerId}. */
    void report(Client from, String problem, String peerId) {
        service.handle(from.peer, new ClientMessage.Report(problem, peerId), clock.now);
    }

    void disconnect(Client client) {
        service.disconnect(client.peer);
    }
}
