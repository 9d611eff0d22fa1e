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
    }

    @Test
    void flagsOverrideDefaults() {
        ServerConfig config = ServerConfig.fromArgs("--port", "9090", "--host", "127.0.0.1", "--max-listeners", "20");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.maxListeners()).isEqualTo(20);
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheProblem() {
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port", "eighty")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ServerConfig.fromArgs("--colour", "red")).hasMessageContaining("unknown option --colour");
    }
}
