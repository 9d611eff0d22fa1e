package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;

/** A test client that reads everything, keeps it in order and remembers how it was closed. */
public final class TestSocket implements Session.Listener.AutoDemanding {
    private static final ObjectMapper JSON = new ObjectMapper();
    final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            inbox.add(JSON.readTree(message));
        } catch (Exception e) {
            throw new IllegalStateException("server sent something that is not JSON: " + message, e);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeCode.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeCode.completeExceptionally(cause);
    }

    /** Sends and waits until the frame is written, so floods are paced by the network, not queued here. */
    void send(String text) throws Exception {
        send(session, text);
    }

    static void send(Session session, String text) throws Exception {
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> written.complete(null), written::completeExceptionally));
        written.get(5, TimeUnit.SECONDS);
    }

    JsonNode next(String type) throws InterruptedException {
        while (true) {
            JsonNode m = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("waiting for " + type).isNotNull();
            if (m.get("type").asText().equals(type)) {
                return m;
            }
        }
    }

    /** Adds headers to the upgrade request (Origin, Host). */
    static JettyUpgradeListener headers(String... namesAndValues) {
        return new JettyUpgradeListener() {
            @Override
            public void onHandshakeRequest(Request request) {
                request.headers(h -> {
                    for (int i = 0; i < namesAndValues.length; i += 2) {
                        h.put(namesAndValues[i], namesAndValues[i + 1]);
                    }
                });
            }
        };
    }

    int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }
}
