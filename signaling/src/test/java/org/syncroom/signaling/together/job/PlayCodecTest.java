package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlayCodecTest {
    @Test
    void ipv4AndIpv6PlaysSurviveTheRecord() {
        for (String address : new String[] {"1.33.234.7", "2a00:1450:4001:80b::200e"}) {
            long[] a = IpAddress.parse(address);
            PlayEvent play = PlayCodec.decode(PlayCodec.encode(new PlayEvent(1_800_000_000_123L, "A - T (3:00)",
                    a[0], a[1], "room-1")));
            assertThat(IpAddress.format(play.addressHigh, play.addressLow)).isEqualTo(
                    IpAddress.format(a[0], a[1]));
            assertThat(play.serverTimeMs).isEqualTo(1_800_000_000_123L);
            assertThat(play.trackKey).isEqualTo("A - T (3:00)");
            assertThat(play.roomId).isEqualTo("room-1");
        }
    }

    @Test
    void aVersionOneRecordFromAnOlderServerStillReadsAsIpv4() {
        byte[] track = "t".getBytes(StandardCharsets.UTF_8);
        ByteBuffer v1 = ByteBuffer.allocate(1 + 8 + 4 + 2 + 1 + 2 + 1);
        v1.put((byte) 1).putLong(42).putInt(Ipv4.parse("1.1.1.9").getAsInt()).putShort((short) 1).put(track)
                .putShort((short) 1).put((byte) 'r');
        PlayEvent play = PlayCodec.decode(v1.array());
        assertThat(IpAddress.format(play.addressHigh, play.addressLow)).isEqualTo("1.1.1.9");
        assertThat(play.trackKey).isEqualTo("t");
    }

    @Test
    void aTickCarriesOnlyItsTimeAndIsDroppedAsATick() {
        byte[] record = PlayCodec.encodeTick(1_800_000_000_500L);
        assertThat(PlayCodec.isTick(record)).isTrue();
        PlayEvent tick = PlayCodec.decode(record);
        assertThat(Ticks.isTick(tick)).isTrue();
        assertThat(tick.serverTimeMs).isEqualTo(1_800_000_000_500L);
        assertThat(PlayCodec.isTick(PlayCodec.encode(new PlayEvent(1, "t", 0x01010101, "r")))).isFalse();
    }

    @Test
    void truncatedOrUnknownRecordsAreNotPlays() {
        byte[] good = PlayCodec.encode(new PlayEvent(1, "t", 0x01010101, "r"));
        assertThat(PlayCodec.decode(java.util.Arrays.copyOf(good, good.length - 1))).isNull();
        good[0] = 9;
        assertThat(PlayCodec.decode(good)).isNull();
        assertThat(PlayCodec.decode(new byte[3])).isNull();
    }
}
