package org.syncroom.signaling.ws;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.room.Outbox;
import org.syncroom.signaling.room.Peer;
import org.syncroom.signaling.room.RoomService;

/**
 * One browser's WebSocket. Reads the clock first thing on every frame, for time probes.
 * Public only because Jetty invokes listener methods reflectively.
 */
public final class PeerSocket implements Session.Listener.AutoDemanding, Outbox {
    private final RoomService service;
    private final ProtocolCodec codec;
    private final ServerClock clock;
    private final String origin;
    private volatile Session session;
    private volatile Peer peer;

    PeerSocket(RoomService service, ProtocolCodec codec, ServerClock clock, String origin) {
        this.service = service;
        this.codec = codec;
        this.clock = clock;
        this.origin = origin;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.peer = service.connect(origin, this);
    }

    @Override
    public void onWebSocketText(String text) {
        double receivedAt = clock.nowMillis();
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (ProtocolException e) {
            service.refuse(peer, e);
            return;
        }
        service.handle(peer, message, receivedAt);
    }

    /** Audio never travels through the server; a binary frame is a client bug, answered as such. */
    @Override
    public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
        callback.succeed();
        service.refuse(peer, new ProtocolException(ErrorCode.BAD_MESSAGE,
                "binary frames are not part of the signalling protocol; audio goes over WebRTC"));
    }

    /** Transport errors (a browser tab closing mid-frame) end in a close; nothing to add here. */
    @Override
    public void onWebSocketError(Throwable cause) {
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        Peer p = peer;
        if (p != null) {
            service.disconnect(p);
        }
    }

    @Override
    public void send(ServerMessage message) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(codec.encode(message), Callback.NOOP);
        }
    }
}
