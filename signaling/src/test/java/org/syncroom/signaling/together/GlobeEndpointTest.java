package org.syncroom.signaling.together;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.job.Ipv4;
import org.syncroom.signaling.together.job.TestCities;

/** The real server with the embedded job: plays in through {@link Plays}, sessions out over HTTP. */
class GlobeEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void playsFromTwoCitiesShowAtLatestAndOnThePushChannelAndInMetricsAndAStoppedJobPausesTheGlobeOnly() throws Exception {
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withTogether(TogetherConfig.off().with("--geoip-db", TestCities.DB.getPath()));
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start()) {
            String base = "http://127.0.0.1:" + server.port();
            LinkedBlockingQueue<JsonNode> pushed = new LinkedBlockingQueue<>();
            CompletableFuture<Void> events = subscribe(base, pushed);
            Plays plays = server.globe();
            String sydney = Ipv4.format(TestCities.addressIn("Sydney/AU"));
            String tokyo = Ipv4.format(TestCities.addressIn("Tokyo/JP"));

            JsonNode latest = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                plays.play(now, "Artist - Song (3:30)", sydney, "room-a");
                plays.play(now, "Artist - Song (3:30)", tokyo, "room-a");
                plays.play(now, "Artist - Song (3:30)", "not an address", "room-a");
                latest = JSON.readTree(get(base + TogetherRoutes.LATEST).body());
                if (latest.get("sessions").size() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(latest.get("status").asText()).isEqualTo("live");
            JsonNode session = latest.get("sessions").get(0);
            assertThat(session.get("track").asText()).isEqualTo("Artist - Song (3:30)");
            assertThat(session.get("cities").findValuesAsText("name")).containsExactlyInAnyOrder("Sydney", "Tokyo");
            assertThat(latest.toString()).doesNotContain(sydney, tokyo, "room-a");
            assertThat(server.globe().counters().malformed()).isPositive();
            String metrics = get(base + "/metrics").body();
            assertThat(metric(metrics, "syncroom_globe_plays_total{outcome=\"accepted\"}")).isPositive();
            assertThat(metric(metrics, "syncroom_globe_plays_total{outcome=\"malformed\"}")).isPositive();
            assertThat(metric(metrics, "syncroom_globe_live")).isEqualTo(1.0);

            JsonNode event;
            do {
                event = pushed.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("a pushed snapshot with the session").isNotNull();
            } while (event.get("sessions").size() == 0);
            assertThat(event.get("sessions").get(0).get("track").asText()).isEqualTo("Artist - Song (3:30)");

            server.globe().job().cancel();
            do {
                event = pushed.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("a pushed paused status").isNotNull();
            } while (!event.get("status").asText().equals("paused"));
            assertThat(JSON.readTree(get(base + TogetherRoutes.LATEST).body()).get("status").asText()).isEqualTo("paused");
            assertThat(answersClockProbe(server.port())).as("rooms keep working").isTrue();
            assertThat(metric(get(base + "/metrics").body(), "syncroom_globe_live")).isEqualTo(0.0);
            events.cancel(true);
        }
    }

    /** The value of one sample line of a Prometheus text exposition. */
    private static double metric(String exposition, String sample) {
        return exposition.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + sample + " in /metrics"));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<Void> subscribe(String base, LinkedBlockingQueue<JsonNode> pushed) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + TogetherRoutes.EVENTS)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(response -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        pushed.add(JSON.readTree(line.substring(6)));
                    }
                }
            } catch (Exception e) {
                // the test cancelled the stream
            }
        });
    }

    private boolean answersClockProbe(int port) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        if (data.toString().contains("time-response")) {
                            reply.complete(data.toString());
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"time-request\",\"t0\":1.0}", true).get(5, TimeUnit.SECONDS);
        String text = reply.get(5, TimeUnit.SECONDS);
        socket.abort();
        return text.contains("\"t0\":1.0");
    }
}
