package org.syncroom.signaling.together;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.clock.MonotonicServerClock;
import org.syncroom.signaling.together.job.TestCities;

class GlobeStartupTest {
    @Test
    void missingGeoIpFileIsAStartUpErrorNamingTheFlag() {
        Globe globe = new Globe(TogetherConfig.off().with("--geoip-db", "/nonexistent/city.mmdb"), new MonotonicServerClock());
        assertThatThrownBy(globe::start).isInstanceOf(GlobeUnavailableException.class)
                .hasMessageStartingWith("--geoip-db: ").hasMessageContaining("/nonexistent/city.mmdb");
    }

    @Test
    void corruptGeoIpFileIsAStartUpErrorNamingTheFlag(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("city.mmdb"), new byte[4096]);
        Globe globe = new Globe(TogetherConfig.off().with("--geoip-db", junk.toString()), new MonotonicServerClock());
        assertThatThrownBy(globe::start).hasMessageStartingWith("--geoip-db: ").hasMessageContaining("not a MaxMind DB");
    }

    @Test
    void badDenylistLineIsAStartUpErrorNamingTheFlagAndLine(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("deny.txt"), "104.28.0.0/16\nvpn.example\n");
        TogetherConfig config = TogetherConfig.off().with("--geoip-db", TestCities.DB.getPath())
                .with("--denylist", list.toString());
        assertThatThrownBy(new Globe(config, new MonotonicServerClock())::start)
                .hasMessageStartingWith("--denylist: ").hasMessageContaining("line 2");
    }

    @Test
    void anUnreachableKafkaBrokerIsAStartUpErrorNamingTheFlagWithinSeconds() throws Exception {
        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        Globe globe = new Globe(TogetherConfig.off().with("--plays-kafka", "127.0.0.1:" + closedPort),
                new MonotonicServerClock());
        long started = System.nanoTime();
        assertThatThrownBy(globe::start).isInstanceOf(GlobeUnavailableException.class)
                .hasMessageStartingWith("--plays-kafka 127.0.0.1:" + closedPort + ": no Kafka broker answered");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(KafkaLink.CONNECT_TIMEOUT.toSeconds() + 5);
        globe.close();
    }

    @Test
    void withoutGeoIpTheGlobeIsOffAndSaysSo() throws Exception {
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0);
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start()) {
            server.globe().play(System.currentTimeMillis(), "t", "1.1.1.1", "r");
            HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + TogetherRoutes.LATEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(latest.body()).contains("\"status\":\"off\"").contains("\"sessions\":[]");
        }
    }

    @Test
    void flagsParseIntoTheGlobeConfig() {
        ServerConfig config = ServerConfig.fromArgs("--geoip-db", "/x/city.mmdb", "--denylist", "/x/d.txt", "--port", "9");
        assertThat(config.together()).isEqualTo(new TogetherConfig("/x/city.mmdb", "/x/d.txt", null, null));
        assertThat(ServerConfig.fromArgs("--geoip-db", "/x", "--geoip-db", "off").together().enabled()).isFalse();
    }
}
