package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlayRulesTest {
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void dottedQuadsParseAndEverythingElseIsRefused() {
        assertThat(Ipv4.format(Ipv4.parse("1.33.234.7").getAsInt())).isEqualTo("1.33.234.7");
        assertThat(Ipv4.parse("255.255.255.255")).isPresent();
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "a.b.c.d", "1..2.3", "::1", "1.2.3.4 ", null}) {
            assertThat(Ipv4.parse(bad)).as("\"%s\"", bad).isEmpty();
        }
    }

    @Test
    void aPlayWithTrackPublicAddressAndCurrentTimePasses() {
        assertThat(PlayRules.check(play("track", "2.16.137.9", NOW - 500), NOW)).isEqualTo(PlayRules.Verdict.OK);
    }

    @Test
    void privateLoopbackAndMulticastAddressesAreBad() {
        for (String address : new String[] {"10.1.2.3", "192.168.0.1", "172.20.0.1", "127.0.0.1", "100.64.0.1",
                "169.254.1.1", "224.0.0.1", "0.0.0.0"}) {
            assertThat(PlayRules.check(play("t", address, NOW), NOW)).as(address)
                    .isEqualTo(PlayRules.Verdict.BAD_ADDRESS);
        }
    }

    @Test
    void blankOrOverlongTrackIsNoTrack() {
        assertThat(PlayRules.check(play(" ", "2.16.137.9", NOW), NOW)).isEqualTo(PlayRules.Verdict.NO_TRACK);
        assertThat(PlayRules.check(play("x".repeat(301), "2.16.137.9", NOW), NOW)).isEqualTo(PlayRules.Verdict.NO_TRACK);
    }

    @Test
    void clockMoreThanTenSecondsOffIsDropped() {
        assertThat(PlayRules.check(play("t", "2.16.137.9", NOW - 10_001), NOW)).isEqualTo(PlayRules.Verdict.CLOCK_FAR_OFF);
        assertThat(PlayRules.check(play("t", "2.16.137.9", NOW + 10_001), NOW)).isEqualTo(PlayRules.Verdict.CLOCK_FAR_OFF);
    }

    @Test
    void onTheKafkaPathAPlayThatWaitedOutABrokerRestartStillCountsButOneFromTheFutureDoesNot() {
        long age = TogetherJob.KAFKA_MAX_PLAY_AGE_MS;
        assertThat(PlayRules.check(play("t", "2.16.137.9", NOW - 30_000), NOW, age)).isEqualTo(PlayRules.Verdict.OK);
        assertThat(PlayRules.check(play("t", "2.16.137.9", NOW - age - 1), NOW, age))
                .isEqualTo(PlayRules.Verdict.CLOCK_FAR_OFF);
        assertThat(PlayRules.check(play("t", "2.16.137.9", NOW + 10_001), NOW, age))
                .isEqualTo(PlayRules.Verdict.CLOCK_FAR_OFF);
    }

    static PlayEvent play(String track, String address, long timeMs) {
        return new PlayEvent(timeMs, track, Ipv4.parse(address).getAsInt(), "room");
    }
}
