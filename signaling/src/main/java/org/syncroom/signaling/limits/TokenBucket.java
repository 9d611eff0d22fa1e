package org.syncroom.signaling.limits;

/**
 * Classic token bucket: holds at most {@code burst} tokens, refilled at {@code perSec}; an
 * action is allowed when a token is there to take. Times are server milliseconds, passed in,
 * so tests drive it with a manual clock.
 */
public final class TokenBucket {
    private final double perMs;
    private final double burst;
    private double tokens;
    private double updatedAtMs;

    public TokenBucket(double perSec, double burst, double nowMs) {
        if (perSec < 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        this.perMs = perSec / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.updatedAtMs = nowMs;
    }

    /** Takes {@code count} tokens if there are that many; a request above the burst is capped at it. */
    public synchronized boolean tryTake(double count, double nowMs) {
        refill(nowMs);
        double need = Math.min(count, burst);
        if (tokens >= need) {
            tokens -= need;
            return true;
        }
        return false;
    }

    /** True once the bucket has refilled completely: nothing to remember about its owner. */
    public synchronized boolean isFull(double nowMs) {
        refill(nowMs);
        return tokens >= burst;
    }

    private void refill(double nowMs) {
        if (nowMs > updatedAtMs) {
            tokens = Math.min(burst, tokens + (nowMs - updatedAtMs) * perMs);
            updatedAtMs = nowMs;
        }
    }
}
