package org.syncroom.signaling.together.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event-time watermarks that follow the plays the job has read, never run ahead of the wall
 * clock, and keep moving when plays stop. The watermark is (latest play time - delay), where a
 * play's time counts at most as "now": one play with a clock seconds ahead cannot make every
 * other play late (its window just waits). When the queue is empty the source emits idle
 * ticks stamped with the wall clock ({@link QueuedPlays}), so an idle job still closes its
 * last window: a plain bounded-out-of-orderness watermark would stop with the plays.
 * A backlog in the queue only delays windows; it never makes queued plays late.
 */
public final class WallClockWatermarks implements WatermarkGenerator<PlayEvent> {
    private final long delayMs;
    private long maxPlayTimeMs = Long.MIN_VALUE;
    private long emittedMs = Long.MIN_VALUE;

    public WallClockWatermarks(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public void onEvent(PlayEvent play, long timestampMs, WatermarkOutput output) {
        long counted = Math.min(timestampMs, System.currentTimeMillis());
        if (counted > maxPlayTimeMs) {
            maxPlayTimeMs = counted;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxPlayTimeMs == Long.MIN_VALUE) {
            return;
        }
        long candidate = maxPlayTimeMs - delayMs;
        if (candidate > emittedMs) {
            emittedMs = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
