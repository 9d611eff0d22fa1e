package org.syncroom.signaling.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.protocol.ServerMessage;

class TurnCredentialsTest {
    private static final Clock AT_1_800_000_000 = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    @Test
    void usernameIsExpiryColonIdAndCredentialIsBase64HmacSha1OfIt() {
        TurnCredentials.Minted minted = new TurnCredentials("north-pole", 3600, AT_1_800_000_000).mint("peer42");
        assertThat(minted.username()).isEqualTo("1800003600:peer42");
        assertThat(minted.expiresAtUnixSec()).isEqualTo(1_800_003_600L);
        // printf '1800003600:peer42' | openssl dgst -sha1 -hmac north-pole -binary | base64
        assertThat(minted.credential()).isEqualTo("1Iv07tlRWG5XwmfyWkrCYohoNmc=");
    }

    @Test
    void anotherSecretGivesAnotherCredential() {
        String username = "1800003600:peer42";
        assertThat(new TurnCredentials("a", 60, AT_1_800_000_000).credentialFor(username))
                .isNotEqualTo(new TurnCredentials("b", 60, AT_1_800_000_000).credentialFor(username));
    }

    @Test
    void pagesGetTheServersStunAndTheTurnUrlsWithTheirOwnCredentials() {
        NatConfig nat = new NatConfig(3478, "north-pole", List.of("turn:turn.example:3478?transport=udp"), 3600, false);
        IceServers ice = new IceServers(nat, () -> URI.create("https://listen.example/"), AT_1_800_000_000);
        ServerMessage.IceConfig config = ice.forPeer("peer42");
        assertThat(config.iceServers()).containsExactly(
                new ServerMessage.IceServer(List.of("stun:listen.example:3478"), null, null),
                new ServerMessage.IceServer(List.of("turn:turn.example:3478?transport=udp"), "1800003600:peer42",
                        "1Iv07tlRWG5XwmfyWkrCYohoNmc="));
        assertThat(config.iceTransportPolicy()).isEqualTo("all");
        assertThat(config.expiresAtUnixSec()).isEqualTo(1_800_003_600L);
        assertThat(ice.forPeer("other").iceServers().get(1).username()).isEqualTo("1800003600:other");
    }

    @Test
    void withoutFlagsPagesOnLoopbackGetNoServersAndOthersOnlyTheServersStun() {
        NatConfig nat = NatConfig.defaults();
        for (String base : List.of("http://localhost:8080/", "http://127.0.0.1:8080/", "http://[::1]:8080/")) {
            ServerMessage.IceConfig config = new IceServers(nat, () -> URI.create(base), AT_1_800_000_000).forPeer("p");
            assertThat(config.iceServers()).as(base).isEmpty();
            assertThat(config.expiresAtUnixSec()).isNull();
        }
        assertThat(new IceServers(nat, () -> URI.create("http://192.168.1.5:8080/"), AT_1_800_000_000).forPeer("p")
                .iceServers()).containsExactly(new ServerMessage.IceServer(List.of("stun:192.168.1.5:3478"), null, null));
        assertThat(new IceServers(nat.withStunPort(0), () -> URI.create("http://192.168.1.5:8080/"), AT_1_800_000_000)
                .forPeer("p").iceServers()).isEmpty();
    }

    @Test
    void relayOnlyIsHandedToPagesAsTheTransportPolicy() {
        NatConfig nat = NatConfig.off().withTurn("s", List.of("turn:10.0.0.1:3478"), 600, true);
        assertThat(new IceServers(nat, () -> URI.create("http://localhost/"), AT_1_800_000_000).forPeer("p")
                .iceTransportPolicy()).isEqualTo("relay");
    }
}
