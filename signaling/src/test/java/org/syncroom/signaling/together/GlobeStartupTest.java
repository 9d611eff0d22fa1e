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
    void corruptIpv6GeoIpFileIsAStartUpErrorNamingItsFlag(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("city6.mmdb"), new byte[4096]);
        Globe globe = new Globe(TogetherConfig.off().with("--geoip-db", TestCities.DB.getPath())
                .with("--geoip-db-ipv6", junk.toString()), new MonotonicServerClock());
        assertThatThrownBy(globe::start).hasMessageStartingWith("--geoip-db-ipv6: ")
                .hasMessageContaining("not a MaxMind DB");
    }

    @Test
    void withAnIpv4OnlyDatabaseIpv6PlaysAreCountedUnlocatableAndIpv4PlaysStillGoIn() throws Exception {
        try (Globe globe = new Globe(TogetherConfig.off().with("--geoip-db", TestCities.DB.getPath()),
                new MonotonicServerClock())) {
            globe.start();
            long now = System.currentTimeMillis();
            globe.play(now, "t", TestCities.ipv6AddressIn("Berlin/DE"), "r");
            globe.play(now, "t", "2a00:1450:4001:80b::200e", "r");
            globe.play(now, "t", "fe80::1", "r");
            globe.play(now, "t", org.syncroom.signaling.together.job.Ipv4.format(TestCities.addressIn("Tokyo/JP")), "r");
            assertThat(globe.counters().unlocatable()).isEqualTo(2);
            assertThat(globe.counters().malformed()).as("link-local is no listener's public address").isEqualTo(1);
            assertThat(globe.counters().accepted()).isEqualTo(1);
        }
    }

    @Test
    void withAnIpv6DatabaseIpv6PlaysGoIn() throws Exception {
        try (Globe globe = new Globe(TogetherConfig.off().with("--geoip-db", TestCities.DB.getPath())
                .with("--geoip-db-ipv6", TestCities.IPV6_DB.getPath()), new MonotonicServerClock())) {
            globe.start();
            globe.play(System.currentTimeMillis(), "t", TestCities.ipv6AddressIn("Berlin/DE"), "r");
            assertThat(globe.counters().accepted()).isEqualTo(1);
            assertThat(globe.counters().unlocatable()).isZero();
        }
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
        assertThat(config.together()).isEqualTo(new TogetherConfig("/x/city.mmdb", null, "/x/d.txt", null, null));
        assertThat(ServerConfig.fromArgs("--geoip-db", "/x", "--geoip-db", "off").together().enabled()).isFalse();
        assertThat(ServerConfig.fromArgs("--geoip-db", "/x/4.mmdb", "--geoip-db-ipv6", "/x/6.mmdb").together()
                .geoIpIpv6DbPath()).isEqualTo("/x/6.mmdb");
    }
}
