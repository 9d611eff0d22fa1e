package org.syncroom.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkProfileTest {
    @Test
    void textFormReadsEveryPartWithItsUnit() {
        LinkProfile profile = LinkProfile.parse("delay=40ms jitter=15ms loss=3% rate=6mbit queue=32kb");

        assertThat(profile).isEqualTo(new LinkProfile(40, 15, 0.03, 6_000_000, 32 * 1024));
        assertThat(LinkProfile.parse(profile.toString())).isEqualTo(profile);
    }

    @Test
    void partsLeftOutStayUnshaped() {
        assertThat(LinkProfile.parse("none")).isEqualTo(LinkProfile.UNSHAPED);
        assertThat(LinkProfile.parse("rate=500kbit")).isEqualTo(LinkProfile.UNSHAPED.withRate(500_000));
        assertThat(LinkProfile.parse("loss=0.5")).isEqualTo(LinkProfile.UNSHAPED.withLoss(0.5));
        assertThat(LinkProfile.UNSHAPED).hasToString("none");
    }

    @Test
    void unreadableOrImpossibleProfilesAreRefusedNamingThePart() {
        assertThatThrownBy(() -> LinkProfile.parse("delay=40ms speed=3")).hasMessageContaining("speed=3");
        assertThatThrownBy(() -> LinkProfile.parse("loss=150%")).hasMessageContaining("loss=150%");
        assertThatThrownBy(() -> LinkProfile.parse("delay=-1")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> LinkProfile.parse("queue=100")).hasMessageContaining("at least 1514");
    }
}
