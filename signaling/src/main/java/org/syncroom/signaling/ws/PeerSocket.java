package org.syncroom.signaling.ws;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketException;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.http.ServerMetrics;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.limits.LimitKind;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.limits.SocketBudget;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.ProtocolCodec;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.room.Outbox;
import org.syncroom.signaling.room.Peer;
import org.syncroom.signaling.room.RoomService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's WebSocket. Reads the clock first thing on every frame, for time probes.
 * Inbound frames are charged to the socket's {@link SocketBudget}; outbound ones to a bounded
 * queue (bytes here, frames in Jetty): a socket that overruns it is a slow reader and is
 * closed, so it can neither grow the heap nor hold up anyone else's broadcast. Frames are
 * demanded one at a time, and no more once the server has decided to close the socket: a
 * flooder then fills its own TCP window instead of the server's CPU.
 * Public only because Jetty invokes listener methods reflectively.
 */
public final class PeerSocket implements Session.Listener, Outbox {
    private static final Logger log = LoggerFactory.getLogger(PeerSocket.class);

    private final Deps deps;
    private final String address;
    private final String clientAddress;
    private final String origin;
    private final AddressLimits.Lease lease;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicReference<CloseReason> closingFor = new AtomicReference<>();
    private final AtomicBoolean writeFailureLogged = new AtomicBoolean();
    private final Set<LimitKind> limitsLogged = EnumSet.noneOf(LimitKind.class);
    private volatile Session session;
    private volatile Peer peer;
    private SocketBudget budget;
    private boolean toldOverLimit;

    /** Everything every socket shares. */
    record Deps(RoomService service, ProtocolCodec codec, ServerClock clock, ServerMetrics metrics,
                SocketCloser closer, Limits limits) {}

    /** @param clientAddress the client's address for the globe ({@code X-Forwarded-For} from a trusted proxy) */
    PeerSocket(Deps deps, String address, String clientAddress, String origin, AddressLimits.Lease lease) {
        this.deps = deps;
        this.address = address;
        this.clientAddress = clientAddress;
        this.origin = origin;
        this.lease = lease;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.budget = new SocketBudget(deps.limits(), deps.clock().nowMillis());
        deps.metrics().socketOpened();
        this.peer = deps.service().connect(address, clientAddress, this);
        if (clientAddress.equals(address)) {
            log.info("open peer={} addr={} origin={}", peer.id(), address, origin);
        } else {
            log.info("open peer={} addr={} forwarded-for={} origin={}", peer.id(), address, clientAddress, origin);
        }
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        double receivedAt = deps.clock().nowMillis();
        try {
            read(text, receivedAt);
        } finally {
            demandUnlessClosing();
        }
    }

    private void demandUnlessClosing() {
        Session s = session;
        if (s != null && closingFor.get() == null) {
            s.demand();
        }
    }

    private void read(String text, double receivedAt) {
        if (closingFor.get() != null) {
            return;
        }
        if (!budget.admitBytes(text.length(), receivedAt)) {
            overLimit(LimitKind.INBOUND_BYTES, receivedAt);
            return;
        }
        ClientMessage message;
        try {
            message = deps.codec().decode(text);
        } catch (ProtocolException e) {
            malformed(e, receivedAt);
            return;
        }
        LimitKind limit = budget.admitMessage(message instanceof ClientMessage.TimeRequest, receivedAt);
        if (limit != null) {
            overLimit(limit, receivedAt);
            return;
        }
        toldOverLimit = false;
        deps.metrics().messageIn(message.getClass().getSimpleName());
        deps.service().handle(peer, message, receivedAt);
    }

    /** Audio never travels through the server; a binary frame is a client bug, answered as such. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        try {
            if (closingFor.get() == null) {
                malformed(new ProtocolException(ErrorCode.BAD_MESSAGE,
                        "binary frames are not part of the signalling protocol; audio goes over WebRTC"),
                        deps.clock().nowMillis());
            }
        } finally {
            demandUnlessClosing();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        Peer p = peer;
        String id = p == null ? "(not open)" : p.id();
        if (isTransportEnd(cause)) {
            log.info("socket error peer={} addr={}: {}", id, address, cause.toString());
        } else {
            log.warn("socket error peer={} addr={}", id, address, cause);
        }
        if (session == null) {
            lease.release();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            closed(statusCode, reason);
        } finally {
            callback.succeed();
        }
    }

    private void closed(int statusCode, String reason) {
        CloseReason ours = closingFor.get();
        int code = ours != null ? ours.code() : statusCode;
        String label = ours != null ? ours.label() : label(statusCode, reason);
        Peer p = peer;
        if (p != null) {
            log.info("closed peer={} addr={} {} code={} reason={}", p.id(), address,
                    p.describeSeat().orElse("room=none"), code, ours != null ? ours.label() : quoted(reason));
            deps.service().disconnect(p);
            deps.metrics().socketClosed(code, label);
        }
        lease.release();
    }

    @Override
    public void send(ServerMessage message) {
        Session s = session;
        if (s == null || closingFor.get() != null || !s.isOpen()) {
            deps.metrics().queueDrop();
            return;
        }
        String text = deps.codec().encode(message);
        int bytes = text.length();
        long queued = queuedBytes.addAndGet(bytes);
        if (queued > deps.limits().maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            deps.metrics().queueDrop();
            deps.metrics().rejected(LimitKind.OUTGOING_QUEUE);
            closeFor(CloseReason.SLOW_READER);
            return;
        }
        deps.metrics().outgoingQueued(queued);
        s.sendText(text, new Callback() {
            @Override
            public void succeed() {
                queuedBytes.addAndGet(-bytes);
                deps.metrics().messageOut();
            }

            @Override
            public void fail(Throwable cause) {
                queuedBytes.addAndGet(-bytes);
                deps.metrics().queueDrop();
                if (cause instanceof java.nio.channels.WritePendingException) {
                    deps.metrics().rejected(LimitKind.OUTGOING_QUEUE);
                    closeFor(CloseReason.SLOW_READER);
                } else if (writeFailureLogged.compareAndSet(false, true)) {
                    log.info("write to peer={} addr={} failed (further failures not logged): {}",
                            peerId(), address, cause.toString());
                }
            }
        });
    }

    @Override
    public void close(CloseReason reason) {
        closeFor(reason);
    }

    /** Bytes of text queued to this socket and not yet written. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    private void malformed(ProtocolException e, double now) {
        deps.metrics().malformed(e.code().toString());
        logLimitOnce(LimitKind.MALFORMED, "peer={} addr={} sent a malformed message ({}: {});"
                + " later ones from this socket are counted, not logged", peerId(), address, e.code(), e.getMessage());
        deps.service().refuse(peer, e);
        if (budget.malformedOut(now)) {
            deps.metrics().rejected(LimitKind.MALFORMED);
            closeFor(CloseReason.MALFORMED);
        }
    }

    private void overLimit(LimitKind limit, double now) {
        deps.metrics().rejected(limit);
        logLimitOnce(limit, "peer={} addr={} is over its {} limit; messages are dropped (logged once per socket)",
                peerId(), address, limit.label());
        if (!toldOverLimit) {
            toldOverLimit = true;
            deps.service().refuse(peer, new ProtocolException(ErrorCode.RATE_LIMITED,
                    "over the " + limit.label() + " limit; messages are dropped until you slow down"));
        }
        if (budget.strikeOut(now)) {
            closeFor(CloseReason.RATE_LIMIT);
        }
    }

    private void closeFor(CloseReason reason) {
        Session s = session;
        if (s == null || !closingFor.compareAndSet(null, reason)) {
            return;
        }
        if (reason == CloseReason.REMOVED_BY_HOST) {
            log.info("closing peer={} addr={} with {} ({}): {}", peerId(), address, reason.code(), reason.label(),
                    reason.text());
        } else {
            log.warn("closing peer={} addr={} with {} ({}): {}", peerId(), address, reason.code(), reason.label(),
                    reason.text());
        }
        deps.closer().close(s, peerId(), reason);
    }

    private void logLimitOnce(LimitKind limit, String format, Object... args) {
        boolean first;
        synchronized (limitsLogged) {
            first = limitsLogged.add(limit);
        }
        if (first) {
            log.warn(format, args);
        }
    }

    private String peerId() {
        Peer p = peer;
        return p == null ? "(not open)" : p.id();
    }

    /** Ends a client causes (gone, idle, frame too big, bad frame): one line, no stack. */
    private static boolean isTransportEnd(Throwable cause) {
        return cause instanceof EofException || cause instanceof ClosedChannelException
                || cause instanceof TimeoutException || cause instanceof java.io.IOException
                || cause instanceof WebSocketException;
    }

    private static String label(int statusCode, String reason) {
        String text = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
        if (text.contains("idle") || text.contains("timeout")) {
            return "idle";
        }
        return switch (statusCode) {
            case StatusCode.NORMAL, StatusCode.SHUTDOWN, StatusCode.NO_CODE -> "client";
            case StatusCode.NO_CLOSE -> "abrupt";
            case StatusCode.MESSAGE_TOO_LARGE -> "too-big";
            case StatusCode.SERVER_ERROR -> "server-error";
            default -> "other";
        };
    }

    private static String quoted(String reason) {
        return reason == null || reason.isEmpty() ? "-" : "\"" + reason + "\"";
    }
}
