package org.syncroom.signaling.room;

import java.util.Optional;
import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.ServerMessage;

/** One connected browser. Its id is chosen by the server when the socket opens. */
public final class Peer {
    private final String id;
    private final String address;
    private final String clientAddress;
    private final Outbox outbox;
    private Room room;
    private Role role;
    private PlayGate playGate;

    /** @param address the remote IP address, for per-address limits and logs */
    public Peer(String id, String address, Outbox outbox) {
        this(id, address, address, outbox);
    }

    /**
     * @param address       the socket's remote IP address, for per-address limits and logs
     * @param clientAddress the listener's address for the globe: {@code X-Forwarded-For} when the
     *                      socket comes from a trusted proxy, else {@code address}
     */
    public Peer(String id, String address, String clientAddress, Outbox outbox) {
        this.id = id;
        this.address = address;
        this.clientAddress = clientAddress;
        this.outbox = outbox;
    }

    public String id() {
        return id;
    }

    public String address() {
        return address;
    }

    /** Where the listener is, as far as the server can tell (see the constructor); only plays use it. */
    public String clientAddress() {
        return clientAddress;
    }

    /** This listener's play budget; made on first use. */
    synchronized PlayGate playGate(double nowMs) {
        if (playGate == null) {
            playGate = new PlayGate(nowMs);
        }
        return playGate;
    }

    /** Queues a message for this browser; never blocks, never throws (see {@link Outbox}). */
    public void send(ServerMessage message) {
        outbox.send(message);
    }

    /** Closes this browser's connection for {@code reason}; the close frame carries its code and text. */
    public void close(CloseReason reason) {
        outbox.close(reason);
    }

    /** The room id and role, for logs; empty outside a room. */
    public synchronized Optional<String> describeSeat() {
        return room == null ? Optional.empty() : Optional.of("room=" + room.id() + " role=" + role);
    }

    synchronized Room room() {
        return room;
    }

    synchronized Role role() {
        return role;
    }

    synchronized void enter(Room room, Role role) {
        this.room = room;
        this.role = role;
    }

    synchronized void leave() {
        this.room = null;
        this.role = null;
    }
}
