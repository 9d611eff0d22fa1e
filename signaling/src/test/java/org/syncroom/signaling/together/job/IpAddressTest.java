package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressTest {
    @Test
    void dottedQuadsBecomeIpv4MappedAddressesAndBack() {
        long[] a = IpAddress.parse("1.33.234.7");
        assertThat(a[0]).isZero();
        assertThat(a[1]).isEqualTo(0x0000_ffff_0121_ea07L);
        assertThat(IpAddress.isIpv4(a[0], a[1])).isTrue();
        assertThat(IpAddress.format(a[0], a[1])).isEqualTo("1.33.234.7");
        long[] mapped = IpAddress.parse("::ffff:1.33.234.7");
        assertThat(mapped).containsExactly(a);
    }

    @Test
    void ipv6LiteralsParseInEveryWrittenForm() {
        long[] full = IpAddress.parse("2a00:1450:4001:080b:0000:0000:0000:200e");
        assertThat(IpAddress.parse("2a00:1450:4001:80b::200e")).containsExactly(full);
        assertThat(IpAddress.parse("2A00:1450:4001:80B::200E")).containsExactly(full);
        assertThat(full[0]).isEqualTo(0x2a00_1450_4001_080bL);
        assertThat(full[1]).isEqualTo(0x200eL);
        assertThat(IpAddress.isIpv4(full[0], full[1])).isFalse();
        assertThat(IpAddress.format(full[0], full[1])).isEqualTo("2a00:1450:4001:80b:0:0:0:200e");
    }

    @Test
    void namesZonesBracketsAndJunkAreNotAddresses() {
        for (String bad : new String[] {"", "localhost", "example.com", "fe80::1%eth0", "[2001:db8::1]",
                "2001:db8::1:80:", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "1.2.3", null, "a".repeat(60) + ":"}) {
            assertThat(IpAddress.parse(bad)).as("\"%s\"", bad).isNull();
        }
    }

    @Test
    void onlyGlobalUnicastIpv6IsPublic() {
        assertThat(isPublic("2a00:1450:4001:80b::200e")).isTrue();
        assertThat(isPublic("2001:4860:4860::8888")).isTrue();
        assertThat(isPublic("2400:cb00::1")).isTrue();
        for (String special : new String[] {"::1", "::", "fe80::1", "fd12:3456::1", "ff02::1", "64:ff9b::102:304",
                "2001:db8::1", "2001::1", "2001:2::1", "2002:c000:204::1", "3fff::1", "4000::1"}) {
            assertThat(isPublic(special)).as(special).isFalse();
        }
        assertThat(isPublic("1.1.1.1")).isTrue();
        assertThat(isPublic("::ffff:10.0.0.1")).as("a mapped private IPv4 address").isFalse();
    }

    private static boolean isPublic(String text) {
        long[] a = IpAddress.parse(text);
        return IpAddress.isPublic(a[0], a[1]);
    }
}
