package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.nat.NatConfig;

class ServerConfigTest {

    @Test
    void noArgumentsMeansEmbeddedDefaults() {
        assertThat(ServerConfig.fromArgs()).isEqualTo(ServerConfig.defaults().withNat(NatConfig.defaults()));
        assertThat(ServerConfig.fromArgs().nat().stunPort()).isEqualTo(3478);
        assertThat(ServerConfig.fromArgs().nat().turn()).isFalse();
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
    void natFlagsSetStunAndTurn() {
        ServerConfig config = ServerConfig.fromArgs("--stun-port", "0", "--turn-secret", "s3cret",
                "--turn-url", "turn:turn.example:3478?transport=udp", "--turn-url", "turn:turn.example:3478?transport=tcp",
                "--turn-ttl-sec", "600", "--ice-relay-only");
        assertThat(config.nat()).isEqualTo(new NatConfig(0, "s3cret", List.of("turn:turn.example:3478?transport=udp",
                "turn:turn.example:3478?transport=tcp"), 600, true));
        assertThatThrownBy(() -> ServerConfig.fromArgs("--turn-secret", "s")).hasMessageContaining("--turn-url");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--turn-secret", "s", "--turn-url", "http://x"))
                .hasMessageContaining("turn:");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--ice-relay-only")).hasMessageContaining("--turn-secret");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--stun-port", "70000")).hasMessageContaining("--stun-port");
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
