package org.syncroom.shaper;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/** A frame waiting in a direction's delay line until {@code dueNanos}; ties leave in arrival order. */
record HeldFrame(byte[] frame, long dueNanos, long sequence) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        HeldFrame that = (HeldFrame) other;
        int byTime = Long.compare(dueNanos, that.dueNanos);
        return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
    }
}
