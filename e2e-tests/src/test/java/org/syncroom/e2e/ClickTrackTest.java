package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ClickTrackTest {

    @Test
    void clicksSitAtTheirTrackTimesWithCyclingLevelsAboveAQuietBed() {
        ClickTrack track = new ClickTrack(5);
        float[] s = track.samples();
        assertThat(track.clickCount()).isEqualTo(9);
        for (int k = 0; k < track.clickCount(); k++) {
            int frame = (int) Math.round(ClickTrack.clickTime(k) * ClickTrack.SAMPLE_RATE);
            assertThat(Math.abs(s[frame - 1])).isLessThan(0.06f);
            assertThat(s[frame]).isEqualTo((float) ClickTrack.levelOf(k));
            assertThat(ClickTrack.levelIndex(s[frame + 72])).isEqualTo(k % ClickTrack.LEVELS.length);
        }
    }

    @Test
    void wavIsSixteenBitStereoAtTheDeclaredRate() {
        byte[] wav = new ClickTrack(1).wav();
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(b.getShort(22)).isEqualTo((short) 2);
        assertThat(b.getInt(24)).isEqualTo(ClickTrack.SAMPLE_RATE);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(b.getInt(40)).isEqualTo(ClickTrack.SAMPLE_RATE * 4);
    }

    @Test
    void skewedPagesGetDistinctOffsetsOfSecondsAndHundredPpmDrift() {
        assertThat(ClockSkew.forListener(0).offsetMs()).isNotEqualTo(ClockSkew.forListener(1).offsetMs());
        for (int i = 0; i < 20; i++) {
            ClockSkew skew = ClockSkew.forListener(i);
            assertThat(Math.abs(skew.offsetMs())).isGreaterThan(500);
            assertThat(Math.abs(skew.driftPpm())).isBetween(70.0, 100.0);
        }
    }
}
