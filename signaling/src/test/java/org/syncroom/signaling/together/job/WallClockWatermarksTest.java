package org.syncroom.signaling.together.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class WallClockWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    @Test
    void aTickMovesTheWatermarkAtOnceAndPlaysWaitForThePeriodicEmit() {
        long now = System.currentTimeMillis();
        WallClockWatermarks watermarks = new WallClockWatermarks(100, 60_000);
        PlayEvent play = new PlayEvent(now - 5_000, "t", 0x01010101, "r");
        watermarks.onEvent(play, play.serverTimeMs, output);
        assertThat(emitted).isEmpty();
        PlayEvent tick = Ticks.at(now - 4_000);
        watermarks.onEvent(tick, tick.serverTimeMs, output);
        assertThat(emitted).containsExactly(now - 4_100);
    }

    @Test
    void withRecordsFlowingTheWatermarkHoldsBackToThemNotTheWallClock() {
        long now = System.currentTimeMillis();
        WallClockWatermarks watermarks = new WallClockWatermarks(100, 60_000);
        PlayEvent tick = Ticks.at(now - 20_000);
        watermarks.onEvent(tick, tick.serverTimeMs, output);
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsOnly(now - 20_100);
    }
}
