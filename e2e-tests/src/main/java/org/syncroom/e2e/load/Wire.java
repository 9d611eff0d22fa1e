package org.syncroom.e2e.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A load-test client socket that reads everything and hands each parsed message to its
 * owner. Sends are asynchronous with a real callback; failed writes are counted.
 */
public final class Wire implements Session.Listener.AutoDemanding {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<JsonNode> onMessage;
    private final Consumer<Integer> onClose;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final AtomicLong failedWrites = new AtomicLong();
    volatile Session session;

    Wire(Consumer<JsonNode> onMessage, Consumer<Integer> onClose) {
        this.onMessage = onMessage;
        this.onClose = onClose;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("server sent something that is not JSON", e);
        }
        onMessage.accept(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closed.complete(statusCode);
        onClose.accept(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
    }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !closed.isDone();
    }

    /** Queues a frame; a write that fails is counted, never thrown. */
    void send(String text) {
        Session s = session;
        if (s == null) {
            failedWrites.incrementAndGet();
            return;
        }
        s.sendText(text, new Callback() {
            @Override
            public void fail(Throwable cause) {
                failedWrites.incrementAndGet();
            }
        });
    }

    /** Sends and waits for the write, so a flood is paced by the socket rather than queued here. */
    boolean sendAndWait(String text) {
        Session s = session;
        if (s == null) {
            return false;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        s.sendText(text, Callback.from(() -> written.complete(null), written::completeExceptionally));
        try {
            written.get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Drops the TCP connection without a close handshake, as a crashing tab or a pulled cable would. */
    void abort() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }
}
