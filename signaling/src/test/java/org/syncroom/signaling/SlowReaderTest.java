package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.Guice;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.CloseReason;

/**
 * The small, in-process version of ./run-load-test: a listener that never reads while another
 * member pushes 16 MiB of signals at it. Without a bound the server would queue all of it.
 */
class SlowReaderTest {
    private static final int PUSH_BYTES = 16 * 1024 * 1024;
    private static final int SIGNAL_PAYLOAD_CHARS = 32 * 1024;
    private static final long FEW_MIB = 6L * 1024 * 1024;

    private SignalingServer server;
    private WebSocketClient client;
    private WebSocketClient neverReadingClient;

    /** Opens, sends its join, and never asks for a single frame. */
    public static final class NeverReads implements Session.Listener {
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        /** The server dropping this socket is the expected end. */
        @Override
        public void onWebSocketError(Throwable cause) {
            ended = cause;
        }

        volatile Throwable ended;
    }

    @BeforeEach
    void start() throws Exception {
        // Generous inbound rates so the pusher is not the one stopped: this test is about the outbound bound.
        Limits limits = Limits.defaults().withMessagesPerSec(100_000).withInboundBytesPerSec(256 * 1024 * 1024);
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withLimits(limits))).getInstance(SignalingServer.class).start();
        client = new WebSocketClient();
        client.start();
        ClientConnector small = new ClientConnector();
        small.setReceiveBufferSize(4096);
        neverReadingClient = new WebSocketClient(new HttpClient(new HttpClientTransportOverHTTP(small)));
        neverReadingClient.start();
    }

    @AfterEach
    void stop() throws Exception {
        neverReadingClient.stop();
        client.stop();
        server.close();
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    private TestSocket connect() throws Exception {
        TestSocket socket = new TestSocket();
        client.connect(socket, ws()).get(5, TimeUnit.SECONDS);
        socket.next("welcome");
        return socket;
    }

    @Test
    void aReaderThatNeverReadsIsClosedWithinAFewMibAndTheHostAndOthersMissNothing() throws Exception {
        TestSocket host = connect();
        host.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        String invite = host.next("room-created").get("inviteUrl").asText().replaceAll(".*invite=", "");
        host.send("{\"type\":\"announce-track\",\"title\":\"t\",\"durationSec\":600,\"sampleRate\":48000,"
                + "\"channels\":2,\"chunkFrames\":4800,\"codec\":\"pcm16\","
                + "\"tags\":{\"artist\":\"\",\"title\":\"\"},\"globe\":false}");
        TestSocket listener = connect();
        listener.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        listener.next("joined");
        TestSocket pusher = connect();
        pusher.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        pusher.next("joined");
        host.next("peer-joined");
        host.next("peer-joined");

        NeverReads slow = new NeverReads();
        neverReadingClient.connect(slow, ws()).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.session != null);
        TestSocket.send(slow.session, "{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        String slowId = host.next("peer-joined").get("peerId").asText();

        TestSocket clock = connect();
        long heapBefore = usedHeapAfterGc();
        String payload = "x".repeat(SIGNAL_PAYLOAD_CHARS);
        String signal = "{\"type\":\"signal\",\"to\":\"" + slowId + "\",\"data\":{\"blob\":\"" + payload + "\"}}";
        int seeks = 0;
        for (int sent = 0; sent < PUSH_BYTES; sent += signal.length()) {
            pusher.send(signal);
            if (sent % (1024 * 1024) < signal.length()) {
                host.send("{\"type\":\"seek\",\"position\":" + (++seeks) + ",\"at\":" + serverNow(clock) + "}");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.metrics().closeCount(CloseReason.SLOW_READER.code(), CloseReason.SLOW_READER.label()) == 1);
        long heapAfter = usedHeapAfterGc();

        System.out.printf("slow reader: server heap grew %.2f MiB while 16 MiB were pushed at it; queue peak %d B%n",
                (heapAfter - heapBefore) / 1048576.0, server.metrics().outgoingQueuePeakBytes());
        assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(FEW_MIB);
        assertThat(server.metrics().outgoingQueuePeakBytes())
                .isLessThanOrEqualTo(Limits.defaults().maxQueuedBytes() + signal.length());
        int expectedSeeks = seeks;
        await().atMost(Duration.ofSeconds(5)).until(() -> playbackPositions(listener).size() == expectedSeeks);
        List<Double> positions = new ArrayList<>();
        for (int i = 1; i <= seeks; i++) {
            positions.add((double) i);
        }
        for (TestSocket member : List.of(host, listener)) {
            assertThat(playbackPositions(member)).as("every seek reached every member").isEqualTo(positions);
            assertThat(member.closeCode).isNotDone();
        }
        assertThat(host.inbox).anySatisfy(m -> {
            assertThat(m.get("type").asText()).isEqualTo("peer-left");
            assertThat(m.get("peerId").asText()).isEqualTo(slowId);
        });
        host.send("{\"type\":\"time-request\",\"t0\":1}");
        assertThat(host.next("time-response").get("t0").asDouble()).isEqualTo(1);
    }

    /** The host's idea of server time, good enough for a seek within a minute of now. */
    private static double serverNow(TestSocket host) throws Exception {
        host.send("{\"type\":\"time-request\",\"t0\":0}");
        return host.next("time-response").get("t2").asDouble();
    }

    /** Positions of the seeks a member has been told about, in order (the announce's 0 left out). */
    private static List<Double> playbackPositions(TestSocket member) {
        return member.inbox.stream().filter(m -> m.get("type").asText().equals("playback"))
                .map(m -> m.get("playback").get("position").asDouble()).filter(p -> p > 0).toList();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
