package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DenylistTest {
    @Test
    void rangesSingleAddressesAndAsNumbersMatch() throws IOException {
        Denylist list = Denylist.parse(new StringReader("""
                # comment line
                104.28.0.0/16   # relay egress
                185.220.101.1
                AS9009
                """));
        assertThat(list.containsIpv4(ip("104.28.0.0"))).isTrue();
        assertThat(list.containsIpv4(ip("104.28.255.255"))).isTrue();
        assertThat(list.containsIpv4(ip("104.29.0.0"))).isFalse();
        assertThat(list.containsIpv4(ip("104.27.255.255"))).isFalse();
        assertThat(list.containsIpv4(ip("185.220.101.1"))).isTrue();
        assertThat(list.containsIpv4(ip("185.220.101.2"))).isFalse();
        assertThat(list.containsAsn(9009)).isTrue();
        assertThat(list.containsAsn(9010)).isFalse();
    }

    @Test
    void overlappingAndAdjacentRangesMergeAndHighAddressesWork() throws IOException {
        Denylist list = Denylist.parse(new StringReader("200.0.0.0/9\n200.128.0.0/9\n200.64.0.0/10\n223.255.255.0/24\n"));
        assertThat(list.summary()).startsWith("2 ranges");
        assertThat(list.containsIpv4(ip("200.200.1.1"))).isTrue();
        assertThat(list.containsIpv4(ip("223.255.255.255"))).isTrue();
        assertThat(list.containsIpv4(ip("201.0.0.0"))).isFalse();
    }

    @Test
    void ipv6RangesAndAddressesMatchAndStayApartFromIpv4() throws IOException {
        Denylist list = Denylist.parse(new StringReader("""
                2a0b:f4c2::/40          # a /40
                2001:67c:e60:c0c::1     # one address
                104.28.0.0/16
                """));
        assertThat(list.summary()).startsWith("3 ranges");
        assertThat(contains(list, "2a0b:f4c2::")).isTrue();
        assertThat(contains(list, "2a0b:f4c2:ff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(list, "2a0b:f4c3::")).isFalse();
        assertThat(contains(list, "2a0b:f4c1:ffff:ffff:ffff:ffff:ffff:ffff")).isFalse();
        assertThat(contains(list, "2001:67c:e60:c0c::1")).isTrue();
        assertThat(contains(list, "2001:67c:e60:c0c::2")).isFalse();
        assertThat(contains(list, "104.28.1.1")).isTrue();
        assertThat(contains(list, "::6828:101")).as("104.28.1.1's bits, not mapped: another address").isFalse();
    }

    @Test
    void adjacentIpv6RangesMergeAcrossTheLow64Bits() throws IOException {
        Denylist list = Denylist.parse(new StringReader("2001:db8:0:0::/64\n2001:db8:0:1::/64\n::/0\n"));
        assertThat(list.summary()).startsWith("1 ranges");
        Denylist two = Denylist.parse(new StringReader("2001:db8:0:0::/64\n2001:db8:0:1::/64\n"));
        assertThat(two.summary()).startsWith("1 ranges");
        assertThat(contains(two, "2001:db8:0:1:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(two, "2001:db8:0:2::")).isFalse();
    }

    @Test
    void aBadLineFailsWithItsNumber() {
        assertThatThrownBy(() -> Denylist.parse(new StringReader("1.2.3.0/24\nnot-a-range\n")))
                .hasMessageContaining("line 2").hasMessageContaining("not-a-range");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("1.2.3.0/33\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("ASX\n"))).hasMessageContaining("AS number");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("2001:db8::/129\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("fe80::1%eth0\n"))).hasMessageContaining("line 1");
    }

    @Test
    void shippedDefaultParsesAndHoldsRelayEgressAndHostingAsns() throws IOException {
        try (var in = getClass().getResourceAsStream("/together/denylist.txt")) {
            Denylist list = Denylist.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertThat(list.containsIpv4(ip("104.28.12.34"))).isTrue();
            assertThat(list.containsAsn(14061)).isTrue();
            assertThat(list.containsIpv4(TestCities.addressIn("Tokyo/JP"))).isFalse();
        }
    }

    @Test
    void shippedDefaultHoldsIpv6RelayEgressAndTorExitsButNoListenerCity() throws IOException {
        try (var in = getClass().getResourceAsStream("/together/denylist.txt")) {
            Denylist list = Denylist.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertThat(contains(list, "2a09:bac5:d45a::2")).as("Cloudflare WARP egress").isTrue();
            assertThat(contains(list, "2a09:bac8::1")).as("past WARP's /29").isFalse();
            assertThat(contains(list, "2606:54c3:0:18ed::1")).as("iCloud Private Relay, Cloudflare").isTrue();
            assertThat(contains(list, "2a02:26f7:d6c0:6842::1")).as("iCloud Private Relay, Akamai").isTrue();
            assertThat(contains(list, "2a04:4e41:1301:8000::1")).as("iCloud Private Relay, Fastly").isTrue();
            assertThat(contains(list, "2a04:4e42::1")).as("Fastly's CDN, not the relay").isFalse();
            assertThat(contains(list, "2a0b:f4c2:2::46")).as("Tor exit tor-exit-46.for-privacy.net").isTrue();
            assertThat(contains(list, "2620:7:6001::ffff:c759:e653")).as("Tor exit, Quintex").isTrue();
            for (String city : new String[] {"Berlin/DE", "Tokyo/JP", "Sydney/AU"}) {
                assertThat(contains(list, TestCities.ipv6AddressIn(city))).as(city + " over IPv6").isFalse();
            }
        }
    }

    private static boolean contains(Denylist list, String address) {
        long[] a = IpAddress.parse(address);
        return list.containsAddress(a[0], a[1]);
    }

    private static int ip(String text) {
        return Ipv4.parse(text).getAsInt();
    }
}
