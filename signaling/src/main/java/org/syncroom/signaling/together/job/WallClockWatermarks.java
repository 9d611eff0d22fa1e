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
 * last window: a plain bounded-out-of-orderness watermark would stop with the plays. A tick
 * also emits the watermark at once (a punctuation), not only at the periodic emit.
 * A backlog in the queue only delays windows; it never makes queued plays late. On Kafka the
 * servers tick the topic; {@code idleAdvanceMs} is the fallback when no record at all comes:
 * after that long the watermark follows the wall clock less that much, so the last window
 * still closes.
 */
public final class WallClockWatermarks implements WatermarkGenerator<PlayEvent> {
    private final long delayMs;
    private final long idleAdvanceMs;
    private long maxPlayTimeMs = Long.MIN_VALUE;
    private long emittedMs = Long.MIN_VALUE;
    private long lastEventWallMs = Long.MIN_VALUE;

    public WallClockWatermarks(long delayMs) {
        this(delayMs, 0);
    }

    /** @param idleAdvanceMs 0: the source sends idle ticks itself; else, see the class comment */
    public WallClockWatermarks(long delayMs, long idleAdvanceMs) {
        this.delayMs = delayMs;
        this.idleAdvanceMs = idleAdvanceMs;
    }

    @Override
    public void onEvent(PlayEvent play, long timestampMs, WatermarkOutput output) {
        long now = System.currentTimeMillis();
        lastEventWallMs = now;
        long counted = Math.min(timestampMs, now);
        if (counted > maxPlayTimeMs) {
            maxPlayTimeMs = counted;
        }
        if (Ticks.isTick(play)) {
            // A tick marks time in the stream: after a burst (plays a broker restart held back)
            // each window closes as its ticks pass, not all at the next periodic emit.
            emit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.currentTimeMillis();
        if (idleAdvanceMs > 0 && (lastEventWallMs == Long.MIN_VALUE || now - lastEventWallMs > idleAdvanceMs)) {
            maxPlayTimeMs = Math.max(maxPlayTimeMs, now - idleAdvanceMs);
        }
        emit(output);
    }

    private void emit(WatermarkOutput output) {
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
