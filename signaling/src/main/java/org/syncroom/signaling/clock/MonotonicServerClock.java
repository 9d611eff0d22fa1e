package org.syncroom.signaling.clock;

/**
 * Server time anchored to the wall clock once at start-up and then advanced only by the
 * monotonic nanosecond counter, so NTP steps on the host never make room time jump.
 */
public final class MonotonicServerClock implements ServerClock {
    private final double epochAtStartMillis = System.currentTimeMillis();
    private final long nanosAtStart = System.nanoTime();

    @Override
    public double nowMillis() {
        return epochAtStartMillis + (System.nanoTime() - nanosAtStart) / 1_000_000.0;
    }
}
