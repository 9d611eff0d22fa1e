package org.syncroom.e2e.globe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The globe benchmark's room, in a process of its own (started by {@link ClockProbe}): a host
 * that creates a room and probes the server's clock as browsers do, one time-request every
 * {@link #INTERVAL_MS}, over Jetty's WebSocket client (as {@code ./run-load-test}'s clients).
 * Apart from the server's JVM, its round trips carry no thread of the play generator, the
 * benchmark's own collector or the JDK client's hand-offs. Prints one line a probe,
 * {@code probe <received epoch ms> <round trip ms> <server t2 - t1 ms>}, and one a collector
 * pause of its own, {@code gc <end epoch ms> <duration ms>}; stops when its standard input
 * closes. Usage: wsUrl
 */
public final class ClockProbeClient implements Session.Listener.AutoDemanding {
    static final long INTERVAL_MS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Callback SEND_FAILED = Callback.from(() -> { },
            cause -> System.err.println("clock probe client: a frame could not be sent: " + cause));

    private final PrintStream out;
    private volatile Session session;

    private ClockProbeClient(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.US_ASCII);
        GcPauses ownPauses = new GcPauses();
        ownPauses.start(pause -> line(out, String.format(Locale.ROOT, "gc %d %d", pause.endEpochMs(), pause.durationMs())));
        WebSocketClient client = new WebSocketClient();
        client.start();
        ClockProbeClient probe = new ClockProbeClient(out);
        Session session = client.connect(probe, URI.create(args[0])).get(10, TimeUnit.SECONDS);
        session.sendText("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}",
                SEND_FAILED);
        Thread sender = new Thread(() -> probe.sendEvery(INTERVAL_MS), "probe-sender");
        sender.setDaemon(true);
        sender.start();
        // The benchmark closes our standard input when it is done (or dies): then so do we.
        while (System.in.read() >= 0) {
            // nothing is sent on it
        }
        session.close();
        client.stop();
        out.flush();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    private void sendEvery(long intervalMs) {
        while (true) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                System.err.println("clock probe client: the socket is closed; no more probes");
                return;
            }
            s.sendText("{\"type\":\"time-request\",\"t0\":" + (System.nanoTime() / 1e6) + "}", SEND_FAILED);
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void onWebSocketText(String text) {
        double t3 = System.nanoTime() / 1e6;
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            System.err.println("clock probe client: unreadable server message: " + e);
            return;
        }
        if ("time-response".equals(message.path("type").asText())) {
            double rtt = t3 - message.get("t0").asDouble();
            double inHandler = message.path("t2").asDouble() - message.path("t1").asDouble();
            line(out, String.format(Locale.ROOT, "probe %d %.3f %.3f", System.currentTimeMillis(), rtt, inHandler));
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        System.err.println("clock probe client: socket error: " + cause);
    }

    private static void line(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
