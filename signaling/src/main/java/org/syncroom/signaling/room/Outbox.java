package org.syncroom.signaling.room;

import org.syncroom.signaling.protocol.ServerMessage;

/** Where messages for one connected browser go. Never blocks the caller. */
public interface Outbox {
    void send(ServerMessage message);
}
