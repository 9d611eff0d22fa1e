package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a browser, a scanner or another site sees of the HTTP side. */
class HttpHardeningTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private SignalingServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                        .withPublicUrl("https://listen.example", List.of("https://friend.example"))))
                .getInstance(SignalingServer.class).start();
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndNoServerVersion() throws Exception {
        for (String path : new String[] {"/", "/main.js", "/no-such-file", "/metrics"}) {
            HttpResponse<String> r = get(path, "GET");
            assertThat(r.headers().firstValue("content-security-policy").orElse(""))
                    .as(path).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'",
                            "connect-src 'self' wss://listen.example");
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("referrer-policy")).as(path).contains("no-referrer");
            assertThat(r.headers().firstValue("cross-origin-opener-policy")).as(path).contains("same-origin");
            assertThat(r.headers().firstValue("cross-origin-embedder-policy")).as(path).contains("require-corp");
            assertThat(r.headers().firstValue("server")).as(path).isEmpty();
            assertThat(r.body()).as(path).doesNotContain("Jetty", "12.1");
        }
        assertThat(get("/main.js", "GET").headers().firstValue("cache-control")).contains("no-cache");
        assertThat(get("/metrics", "GET").headers().firstValue("cache-control")).contains("no-store");
    }

    @Test
    void wrongMethodsGet405WithAllow() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
            HttpResponse<String> r = get("/", method);
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("allow")).as(method).contains("GET, HEAD");
            assertThat(r.headers().firstValue("content-security-policy")).as(method).isPresent();
        }
    }

    @Test
    void metricsAreServedInPrometheusTextFormatOnLoopback() throws Exception {
        HttpResponse<String> r = get("/metrics", "GET");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("syncroom_rooms ", "syncroom_sockets ", "jvm_memory_used_bytes");
    }

    @Test
    void invitesPointAtThePublicUrlWhateverHostTheClientClaims() throws Exception {
        TestSocket socket = new TestSocket();
        client.connect(socket, URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                TestSocket.headers("Host", "evil.example", "Origin", "https://listen.example")).get(5, TimeUnit.SECONDS);
        socket.next("welcome");
        socket.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
        assertThat(socket.next("room-created").get("inviteUrl").asText()).startsWith("https://listen.example/?invite=");
    }

    @Test
    void socketsFromOtherOriginsAreRefusedAndListedOnesAccepted() throws Exception {
        assertThatThrownBy(() -> connectFrom("https://evil.example")).hasMessageContaining("403");
        assertThat(connectFrom("https://friend.example").next("welcome").get("peerId").asText()).isNotEmpty();
        assertThat(connectFrom("https://listen.example").next("welcome").get("peerId").asText()).isNotEmpty();
    }

    private TestSocket connectFrom(String origin) throws Exception {
        TestSocket socket = new TestSocket();
        client.connect(socket, URI.create("ws://127.0.0.1:" + server.port() + "/ws"), TestSocket.headers("Origin", origin))
                .get(5, TimeUnit.SECONDS);
        return socket;
    }
}
