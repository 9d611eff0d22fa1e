package org.syncroom.e2e.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A socket that reads exactly one frame, the welcome (to learn its peer id), then never asks
 * for another: the server's writes to it pile up. Public because Jetty calls it reflectively.
 */
public final class NeverReads implements Session.Listener {
    volatile Session session;
    volatile String peerId;
    /** How this socket ended when the server dropped it (expected: that is the point). */
    volatile Throwable ended;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            JsonNode m = Wire.JSON.readTree(text);
            if (m.get("type").asText().equals("welcome")) {
                peerId = m.get("peerId").asText();
            }
        } catch (Exception e) {
            throw new IllegalStateException("server sent something that is not JSON", e);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ended = cause;
    }
}
