package org.syncroom.signaling.limits;

/**
 * What one socket may still send: a byte budget, a message budget, a separate budget for
 * clock probes (so a client syncing its clock is never starved by its own signalling), and
 * strike budgets that decide when a socket that keeps misbehaving is closed.
 */
public final class SocketBudget {
    private static final double STRIKES_BACK_PER_SEC = 1;
    private static final double MALFORMED_BACK_PER_SEC = 0.1;

    private final TokenBucket bytes;
    private final TokenBucket messages;
    private final TokenBucket probes;
    private final TokenBucket strikes;
    private final TokenBucket malformed;

    public SocketBudget(Limits limits, double nowMs) {
        bytes = new TokenBucket(limits.inboundBytesPerSec(), limits.inboundByteBurst(), nowMs);
        messages = new TokenBucket(limits.messagesPerSec(), limits.messageBurst(), nowMs);
        probes = new TokenBucket(limits.probesPerSec(), limits.probeBurst(), nowMs);
        strikes = new TokenBucket(STRIKES_BACK_PER_SEC, limits.overLimitStrikes(), nowMs);
        malformed = new TokenBucket(MALFORMED_BACK_PER_SEC, limits.malformedStrikes(), nowMs);
    }

    /** Charges a frame's size before it is decoded; false means drop it unread. */
    public boolean admitBytes(int length, double nowMs) {
        return bytes.tryTake(length, nowMs);
    }

    /** Charges one decoded message; returns the limit it is over, or null if admitted. */
    public LimitKind admitMessage(boolean probe, double nowMs) {
        if (probe) {
            return probes.tryTake(1, nowMs) ? null : LimitKind.PROBE_RATE;
        }
        return messages.tryTake(1, nowMs) ? null : LimitKind.MESSAGE_RATE;
    }

    /** Records one dropped message; true when the socket has used up its strikes and must close. */
    public boolean strikeOut(double nowMs) {
        return !strikes.tryTake(1, nowMs);
    }

    /** Records one malformed message; true when the socket must close. */
    public boolean malformedOut(double nowMs) {
        return !malformed.tryTake(1, nowMs);
    }
}
