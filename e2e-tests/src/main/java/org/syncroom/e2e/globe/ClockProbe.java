package org.syncroom.e2e.globe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A host in a room of the same server probing its clock as browsers do (time-request /
 * time-response over the signalling WebSocket), one probe every {@link #INTERVAL_MS}; the
 * round-trip times show whether the globe's load reaches the rooms.
 */
final class ClockProbe {
    static final long INTERVAL_MS = 50;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /**
     * Every probe since the last {@link #take}: {received at (epoch ms), round trip (ms), time
     * between the server's t1 and t2 (ms): its handler, not the sockets or the threads' waits}.
     */
    private final List<double[]> samples = new ArrayList<>();
    static final double SLOW_MS = 5.0;
    private WebSocket socket;
    private volatile boolean running = true;
    private Thread sender;

    void start(HttpClient http, String wsUrl) throws Exception {
        socket = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                double t3 = System.nanoTime() / 1e6;
                partial.append(data);
                if (!last) {
                    ws.request(1);
                    return null;
                }
                String text = partial.toString();
                partial.setLength(0);
                try {
                    com.fasterxml.jackson.databind.JsonNode message = JSON.readTree(text);
                    if ("time-response".equals(message.path("type").asText())) {
                        double rtt = t3 - message.get("t0").asDouble();
                        double inHandler = message.path("t2").asDouble() - message.path("t1").asDouble();
                        synchronized (samples) {
                            samples.add(new double[] {System.currentTimeMillis(), rtt, inHandler});
                        }
                    }
                } catch (Exception e) {
                    System.err.println("globe benchmark: unreadable server message: " + e);
                }
                ws.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}", true).get(5, TimeUnit.SECONDS);
        sender = new Thread(() -> {
            while (running) {
                try {
                    socket.sendText("{\"type\":\"time-request\",\"t0\":" + (System.nanoTime() / 1e6) + "}", true)
                            .get(5, TimeUnit.SECONDS);
                    Thread.sleep(INTERVAL_MS);
                } catch (Exception e) {
                    System.err.println("globe benchmark: clock probe failed: " + e);
                    return;
                }
            }
        }, "bench-probe");
        sender.setDaemon(true);
        sender.start();
    }

    /** The probes so far, {received at (epoch ms), round trip (ms)}; clears them (warm-up apart from the hold). */
    List<double[]> take() {
        synchronized (samples) {
            List<double[]> copy = new ArrayList<>(samples);
            samples.clear();
            return copy;
        }
    }

    static List<Double> rtts(List<double[]> samples) {
        return samples.stream().map(s -> s[1]).toList();
    }

    void stop() throws InterruptedException {
        running = false;
        sender.join(1_000);
        socket.abort();
    }
}
