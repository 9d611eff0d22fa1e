package org.syncroom.signaling.together.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event-time watermarks driven by the wall clock: wall clock - delay. Plays are stamped with
 * the server's clock, which is anchored to the wall clock, so a play arrives a moment after
 * its time. A bounded-out-of-orderness watermark would stop when plays stop (the last window
 * would never fire), and one following the largest play time would let a single play with a
 * clock seconds ahead make every other play late; this one does neither. Plays stamped ahead
 * simply wait in their window; {@link PlayRules} drops those far off.
 */
public final class WallClockWatermarks implements WatermarkGenerator<PlayEvent> {
    private final long delayMs;
    private long emittedMs = Long.MIN_VALUE;

    public WallClockWatermarks(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public void onEvent(PlayEvent play, long timestampMs, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long candidate = System.currentTimeMillis() - delayMs;
        if (candidate > emittedMs) {
            emittedMs = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
