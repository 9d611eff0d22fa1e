package org.syncroom.shaper;

import java.util.ArrayDeque;

/**
 * The bottleneck of a shaped direction: a token bucket filled at the rate, holding at most
 * {@code burstBytes}, with the frames waiting for tokens in a FIFO. Frames leave in arrival order,
 * so each frame's departure is known when it arrives; it is computed then (no timer per token), and
 * a late sender thread cannot lower the rate. Times are {@code System.nanoTime()} values.
 */
final class TokenBucket {
    private static final double NANOS_PER_SEC = 1e9;

    private final int burstBytes;
    private long rateBitsPerSec;
    /** Tokens (bytes) at {@link #tokensAtNanos}: the last departure, or creation. May be below 0 after a frame larger than the burst. */
    private double tokensBytes;
    private long tokensAtNanos;
    /** Frames admitted and not yet departed: {departureNanos, bytes}, in departure order. */
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private long waitingBytes;

    TokenBucket(long rateBitsPerSec, int burstBytes, long nowNanos) {
        if (rateBitsPerSec <= 0 || burstBytes <= 0) {
            throw new IllegalArgumentException("a token bucket needs a rate and a burst > 0");
        }
        this.rateBitsPerSec = rateBitsPerSec;
        this.burstBytes = burstBytes;
        this.tokensBytes = burstBytes;
        this.tokensAtNanos = nowNanos;
    }

    /** From now on tokens come at {@code rateBitsPerSec}; frames already admitted keep their departures. */
    void setRate(long rateBitsPerSec) {
        if (rateBitsPerSec <= 0) {
            throw new IllegalArgumentException("rate must be > 0, got " + rateBitsPerSec);
        }
        this.rateBitsPerSec = rateBitsPerSec;
    }

    /** Bytes admitted before {@code nowNanos} that have not left yet: the queue a new frame joins. */
    long backlogBytes(long nowNanos) {
        while (!waiting.isEmpty() && waiting.peekFirst()[0] <= nowNanos) {
            waitingBytes -= waiting.pollFirst()[1];
        }
        return waitingBytes;
    }

    /**
     * Admits a frame arriving at {@code arrivalNanos} (arrivals in order) and returns when it leaves:
     * once the frames before it have left and the bucket holds its size in tokens (or the whole
     * burst, for a frame larger than it).
     */
    long departureNanos(long arrivalNanos, int frameBytes) {
        long startNanos = Math.max(arrivalNanos, tokensAtNanos);
        double bytesPerNano = rateBitsPerSec / 8.0 / NANOS_PER_SEC;
        double tokens = Math.min(burstBytes, tokensBytes + (startNanos - tokensAtNanos) * bytesPerNano);
        double needed = Math.min(frameBytes, burstBytes);
        long departure = startNanos;
        if (tokens < needed) {
            departure = startNanos + (long) Math.ceil((needed - tokens) / bytesPerNano);
            tokens = needed;
        }
        tokensBytes = tokens - frameBytes;
        tokensAtNanos = departure;
        if (departure > arrivalNanos) {
            waiting.addLast(new long[] {departure, frameBytes});
            waitingBytes += frameBytes;
        }
        return departure;
    }
}
