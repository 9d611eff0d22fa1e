package org.syncroom.signaling.room;

import org.syncroom.signaling.protocol.ServerMessage;

/** One connected browser. Its id is chosen by the server when the socket opens. */
public final class Peer {
    private final String id;
    private final String origin;
    private final Outbox outbox;
    private Room room;
    private Role role;

    /** @param origin scheme, host and port the browser reached us on; invite URLs are built on it */
    public Peer(String id, String origin, Outbox outbox) {
        this.id = id;
        this.origin = origin;
        this.outbox = outbox;
    }

    public String origin() {
        return origin;
    }

    public String id() {
        return id;
    }

    public void send(ServerMessage message) {
        outbox.send(message);
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
