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
        assertThat(list.containsAddress(ip("104.28.0.0"))).isTrue();
        assertThat(list.containsAddress(ip("104.28.255.255"))).isTrue();
        assertThat(list.containsAddress(ip("104.29.0.0"))).isFalse();
        assertThat(list.containsAddress(ip("104.27.255.255"))).isFalse();
        assertThat(list.containsAddress(ip("185.220.101.1"))).isTrue();
        assertThat(list.containsAddress(ip("185.220.101.2"))).isFalse();
        assertThat(list.containsAsn(9009)).isTrue();
        assertThat(list.containsAsn(9010)).isFalse();
    }

    @Test
    void overlappingAndAdjacentRangesMergeAndHighAddressesWork() throws IOException {
        Denylist list = Denylist.parse(new StringReader("200.0.0.0/9\n200.128.0.0/9\n200.64.0.0/10\n223.255.255.0/24\n"));
        assertThat(list.summary()).startsWith("2 ranges");
        assertThat(list.containsAddress(ip("200.200.1.1"))).isTrue();
        assertThat(list.containsAddress(ip("223.255.255.255"))).isTrue();
        assertThat(list.containsAddress(ip("201.0.0.0"))).isFalse();
    }

    @Test
    void aBadLineFailsWithItsNumber() {
        assertThatThrownBy(() -> Denylist.parse(new StringReader("1.2.3.0/24\nnot-a-range\n")))
                .hasMessageContaining("line 2").hasMessageContaining("not-a-range");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("1.2.3.0/33\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Denylist.parse(new StringReader("ASX\n"))).hasMessageContaining("AS number");
    }

    @Test
    void shippedDefaultParsesAndHoldsRelayEgressAndHostingAsns() throws IOException {
        try (var in = getClass().getResourceAsStream("/together/denylist.txt")) {
            Denylist list = Denylist.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertThat(list.containsAddress(ip("104.28.12.34"))).isTrue();
            assertThat(list.containsAsn(14061)).isTrue();
            assertThat(list.containsAddress(TestCities.addressIn("Tokyo/JP"))).isFalse();
        }
    }

    private static int ip(String text) {
        return Ipv4.parse(text).getAsInt();
    }
}
