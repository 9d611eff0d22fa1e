package org.syncroom.signaling.room;

import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * Where messages for one connected browser go. Never blocks the caller and never throws:
 * a browser that cannot keep up is dealt with by the outbox (bounded queue, then close),
 * so one slow peer cannot stall or break a broadcast to the others.
 */
public interface Outbox {
    void send(ServerMessage message);

    /**
     * Ends the connection for {@code reason} (its code and text go in the close frame); messages
     * sent after it are dropped. Never blocks, never throws.
     */
    void close(CloseReason reason);
}
