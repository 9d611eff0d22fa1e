package org.syncroom.signaling.together;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.job.Ipv4;
import org.syncroom.signaling.together.job.TestCities;

/**
 * The embedded job failing for real: its TaskManager goes away mid-stream and every restart
 * fails because the GeoIP file it opens is gone. The globe says paused, the job ends FAILED
 * with that cause, plays are counted as paused, and rooms go on answering.
 */
class GlobeJobFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aJobThatFailsForGoodPausesTheGlobeWithItsCauseAndRoomsKeepWorking(@TempDir Path dir) throws Exception {
        Path geoIp = Files.copy(TestCities.DB.toPath(), dir.resolve("city.mmdb"));
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withTogether(TogetherConfig.off().with("--geoip-db", geoIp.toString()));
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start()) {
            Globe globe = server.globe();
            String base = "http://127.0.0.1:" + server.port();
            awaitStatus(base, "live", 30_000);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            globe.job().onFailure(failure::complete);

            Files.delete(geoIp);
            globe.job().loseTaskManager();

            assertThat(awaitStatus(base, "paused", 10_000)).as("paused while the job restarts").isTrue();
            Throwable cause = failure.get(60, TimeUnit.SECONDS);
            assertThat(globe.job().status()).isEqualTo(JobStatus.FAILED);
            assertThat(causes(cause)).as("the failure carries why the restarts failed").contains(geoIp.toString());
            assertThat(awaitStatus(base, "paused", 3_000)).as("still paused once the job has failed").isTrue();

            long pausedBefore = globe.counters().paused();
            String sydney = Ipv4.format(TestCities.addressIn("Sydney/AU"));
            globe.play(System.currentTimeMillis(), "Artist - Song (3:30)", sydney, "room-a");
            assertThat(globe.counters().paused()).as("a play after the failure is counted as paused")
                    .isEqualTo(pausedBefore + 1);
            assertThat(roomAnswers(server.port())).as("a room is created and its clock answered").isTrue();
        }
    }

    /** Every message down the cause chain, for the assertion on what failed. */
    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    /** Polls {@code /api/together/latest} until its status is {@code status}; false if it never is. */
    private boolean awaitStatus(String base, String status, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> latest = http.send(HttpRequest.newBuilder(URI.create(base + TogetherRoutes.LATEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode snapshot = JSON.readTree(latest.body());
            if (snapshot.get("status").asText().equals(status)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private boolean roomAnswers(int port) throws Exception {
        CompletableFuture<String> created = new CompletableFuture<>();
        CompletableFuture<String> timed = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        String text = data.toString();
                        if (text.contains("\"room-created\"")) {
                            created.complete(text);
                        } else if (text.contains("\"time-response\"")) {
                            timed.complete(text);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}", true)
                .get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"time-request\",\"t0\":1.0}", true).get(5, TimeUnit.SECONDS);
        boolean answered = created.get(5, TimeUnit.SECONDS).contains("roomId") && timed.get(5, TimeUnit.SECONDS).contains("\"t0\":1.0");
        socket.abort();
        return answered;
    }
}
