package org.syncroom.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32", "127.0.0.1"));

    @Test
    void aSocketFromATrustedProxyIsTheRightmostAddressOutsideTheRanges() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("1.1.1.7"))).isEqualTo("1.1.1.7");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("9.9.9.9, 1.1.1.7, 10.0.0.5"))).isEqualTo("1.1.1.7");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("9.9.9.9", "1.1.1.7:4242"))).isEqualTo("1.1.1.7");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("[2a00:1450::1]:443"))).isEqualTo("2a00:1450::1");
        assertThat(proxies.clientAddress("2001:db8::9", List.of("2a00:1450:0:0::1"))).isEqualTo("2a00:1450::1");
    }

    @Test
    void aSocketFromAnywhereElseIsItsOwnAddressWhateverItClaims() {
        assertThat(proxies.clientAddress("192.0.2.1", List.of("1.1.1.7"))).isEqualTo("192.0.2.1");
        assertThat(TrustedProxies.none().clientAddress("10.1.2.3", List.of("1.1.1.7"))).isEqualTo("10.1.2.3");
    }

    @Test
    void aProxyWithoutTheHeaderOrWithGarbageInItIsNotTakenForAClient() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("1.1.1.7, unknown"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("evil.example"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("10.0.0.1, 10.0.0.2"))).isEqualTo("10.0.0.1");
    }

    @Test
    void rangesAreCheckedAndNormalisedAtStartUpNamingTheFlag() {
        assertThat(TrustedProxies.of(List.of("127.0.0.1", "2001:DB8:0::/32")).cidrs())
                .containsExactly("127.0.0.1/32", "2001:db8::/32");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example/8")))
                .hasMessageContaining("--trusted-proxy");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("0 to 32");
    }
}
