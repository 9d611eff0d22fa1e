package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void noArgumentsMeansEmbeddedDefaults() {
        assertThat(ServerConfig.fromArgs()).isEqualTo(ServerConfig.defaults());
        assertThat(ServerConfig.defaults().port()).isEqualTo(8080);
        assertThat(ServerConfig.defaults().maxListeners()).isEqualTo(500);
        assertThat(ServerConfig.defaults().publicUrl()).isNull();
    }

    @Test
    void flagsOverrideDefaults() {
        ServerConfig config = ServerConfig.fromArgs("--port", "9090", "--host", "127.0.0.1", "--max-listeners", "20",
                "--public-url", "https://listen.example/", "--allowed-origin", "https://other.example",
                "--max-rooms", "7", "--connections-per-address", "3", "--max-queued-bytes", "65536",
                "--messages-per-sec", "10", "--log-level", "debug");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.maxListeners()).isEqualTo(20);
        assertThat(config.publicUrl()).isEqualTo("https://listen.example/");
        assertThat(config.allowedOrigins()).containsExactly("https://other.example");
        assertThat(config.limits().maxRooms()).isEqualTo(7);
        assertThat(config.limits().connectionsPerAddress()).isEqualTo(3);
        assertThat(config.limits().maxQueuedBytes()).isEqualTo(65536);
        assertThat(config.limits().messagesPerSec()).isEqualTo(10);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheProblem() {
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port", "eighty")).hasMessageContaining("--port");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port")).hasMessageContaining("--port");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--colour", "red")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--public-url", "ftp://x")).hasMessageContaining("http");
    }

    @Test
    void trustedProxiesAreRepeatableAndCheckedAtStartUp() {
        assertThat(ServerConfig.fromArgs("--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "::1").trustedProxies())
                .containsExactly("10.0.0.0/8", "::1/128");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--trusted-proxy", "my-proxy")).hasMessageContaining("--trusted-proxy");
    }

    @Test
    void helpListsEveryFlag() {
        assertThatThrownBy(() -> ServerConfig.fromArgs("--help"))
                .hasMessageContaining("--public-url").hasMessageContaining("--max-queued-bytes")
                .hasMessageContaining("--log-level");
    }
}
