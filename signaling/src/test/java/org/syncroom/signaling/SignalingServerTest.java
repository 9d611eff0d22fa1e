package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class SignalingServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SignalingServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)))
                .getInstance(SignalingServer.class).start();
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    public static final class Socket implements Session.Listener.AutoDemanding {
        final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            try {
                inbox.add(JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
        }

        void send(String text) {
            session.sendText(text, Callback.NOOP);
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
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        client.connect(socket, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(5, TimeUnit.SECONDS);
        return socket;
    }

    @Test
    void servesTheBrowserClientAtTheRoot() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("main.js");
        HttpResponse<String> module = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/clock/probe.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(module.headers().firstValue("content-type").orElse("")).contains("javascript");
    }

    @Test
    void timeProbeOverTheSocketReturnsOrderedServerTimestamps() throws Exception {
        Socket socket = connect();
        double serverTimeAtWelcome = socket.next("welcome").get("serverTime").asDouble();
        socket.send("{\"type\":\"time-request\",\"t0\":7}");
        JsonNode r = socket.next("time-response");
        assertThat(r.get("t0").asDouble()).isEqualTo(7);
        assertThat(r.get("t1").asDouble()).isGreaterThanOrEqualTo(serverTimeAtWelcome);
        assertThat(r.get("t2").asDouble()).isGreaterThanOrEqualTo(r.get("t1").asDouble());
    }

    @Test
    void garbageGetsAnErrorAndTheConnectionKeepsWorking() throws Exception {
        Socket socket = connect();
        socket.next("welcome");
        socket.send("this is not json");
        assertThat(socket.next("error").get("code").asText()).isEqualTo("bad-json");
        socket.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        assertThat(socket.next("room-created").get("inviteUrl").asText())
                .startsWith("http://127.0.0.1:" + server.port() + "/?invite=");
    }

    @Test
    void binaryFramesAreRefusedWithAnErrorAndTheConnectionKeepsWorking() throws Exception {
        Socket socket = connect();
        socket.next("welcome");
        socket.session.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), Callback.NOOP);
        JsonNode error = socket.next("error");
        assertThat(error.get("code").asText()).isEqualTo("bad-message");
        assertThat(error.get("message").asText()).contains("binary");
        socket.send("{\"type\":\"time-request\",\"t0\":1}");
        assertThat(socket.next("time-response").get("t0").asDouble()).isEqualTo(1);
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnectionAndTheRoomCarriesOn() throws Exception {
        Socket host = connect();
        host.next("welcome");
        host.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        String invite = host.next("room-created").get("inviteUrl").asText().replaceAll(".*invite=", "");
        Socket listener = connect();
        String listenerId = listener.next("welcome").get("peerId").asText();
        listener.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        listener.next("joined");

        listener.send("{\"type\":\"join\",\"invite\":\"" + "x".repeat(70_000) + "\",\"relay\":true}");
        assertThat(host.next("peer-left").get("peerId").asText()).isEqualTo(listenerId);
        host.send("{\"type\":\"announce-track\",\"title\":\"t\",\"durationSec\":10,\"sampleRate\":48000,"
                + "\"channels\":2,\"chunkFrames\":4800,\"codec\":\"pcm16\","
                + "\"tags\":{\"artist\":\"\",\"title\":\"\"},\"globe\":false}");
        assertThat(host.next("track").get("track").get("title").asText()).isEqualTo("t");
    }

    @Test
    void hostAndListenerExchangeSignalsAndListenerSeesHostLeave() throws Exception {
        Socket host = connect();
        String hostId = host.next("welcome").get("peerId").asText();
        host.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        String invite = host.next("room-created").get("inviteUrl").asText().replaceAll(".*invite=", "");

        Socket listener = connect();
        String listenerId = listener.next("welcome").get("peerId").asText();
        listener.send("{\"type\":\"join\",\"invite\":\"" + invite + "\",\"relay\":true}");
        assertThat(listener.next("joined").get("hostPeerId").asText()).isEqualTo(hostId);
        assertThat(host.next("peer-joined").get("peerId").asText()).isEqualTo(listenerId);

        host.send("{\"type\":\"signal\",\"to\":\"" + listenerId + "\",\"data\":{\"kind\":\"offer\"}}");
        JsonNode signal = listener.next("signal");
        assertThat(signal.get("from").asText()).isEqualTo(hostId);
        assertThat(signal.get("data").get("kind").asText()).isEqualTo("offer");

        host.session.close();
        assertThat(listener.next("peer-left").get("role").asText()).isEqualTo("host");
    }

    @Test
    void pingsAndPongsDoNotStallTheSocket() throws Exception {
        Socket socket = connect();
        socket.next("welcome");
        for (int i = 0; i < 3; i++) {
            socket.session.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1}), Callback.NOOP);
            socket.session.sendPong(java.nio.ByteBuffer.wrap(new byte[] {2}), Callback.NOOP);
        }
        socket.send("{\"type\":\"time-request\",\"t0\":3}");
        assertThat(socket.next("time-response").get("t0").asDouble()).isEqualTo(3);
        socket.send("{\"type\":\"time-request\",\"t0\":4}");
        assertThat(socket.next("time-response").get("t0").asDouble()).isEqualTo(4);
    }
}
