package org.syncroom.shaper;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link DirectionStats}: written by a direction's two threads, read by anyone. */
final class DirectionCounters {
    private static final long LATE_NANOS = 1_000_000;

    private final LongAdder framesArrived = new LongAdder();
    private final LongAdder bytesArrived = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final LongAdder framesOversize = new LongAdder();
    private final LongAdder sendsLate = new LongAdder();
    private final AtomicLong maxLatenessNanos = new AtomicLong();

    DirectionCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    void arrived(int frameBytes) {
        framesArrived.increment();
        bytesArrived.add(frameBytes);
        if (frameBytes > ShapingModel.MAX_FRAME_BYTES) {
            framesOversize.increment();
        }
    }

    void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    void sent(int frameBytes, long latenessNanos) {
        framesSent.increment();
        bytesSent.add(frameBytes);
        if (latenessNanos > LATE_NANOS) {
            sendsLate.increment();
        }
        maxLatenessNanos.accumulateAndGet(latenessNanos, Math::max);
    }

    DirectionStats snapshot() {
        return new DirectionStats(
                framesArrived.sum(),
                bytesArrived.sum(),
                framesSent.sum(),
                bytesSent.sum(),
                dropped[DropReason.CUT.ordinal()].sum(),
                dropped[DropReason.LOSS.ordinal()].sum(),
                dropped[DropReason.QUEUE_FULL.ordinal()].sum(),
                dropped[DropReason.HOLD_FULL.ordinal()].sum(),
                dropped[DropReason.SEND_FAILED.ordinal()].sum(),
                framesOversize.sum(),
                sendsLate.sum(),
                maxLatenessNanos.get() / 1_000);
    }
}
