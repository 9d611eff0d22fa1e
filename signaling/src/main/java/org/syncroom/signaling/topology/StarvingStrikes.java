package org.syncroom.signaling.topology;

/**
 * Starving reports believed against one relay: {@link #STRIKES_TO_DEMOTE} of them within
 * {@link #STRIKE_WINDOW_MS} of server time demote it. Bounded: a ring of that many timestamps.
 */
public final class StarvingStrikes {
    /**
     * Three, not two: when a relay's own parent dies silently, its children may report it before it
     * reports its parent; with fanout 4 it then takes three of them to wrongly demote it.
     */
    public static final int STRIKES_TO_DEMOTE = 3;
    public static final double STRIKE_WINDOW_MS = 60_000;

    private final double[] struckAtMs = new double[STRIKES_TO_DEMOTE];
    private int count;
    private int oldest;

    StarvingStrikes() {}

    /** Records a strike at {@code nowMs}; true when the relay now has enough strikes to be demoted. */
    boolean strike(double nowMs) {
        while (count > 0 && nowMs - struckAtMs[oldest] >= STRIKE_WINDOW_MS) {
            oldest = (oldest + 1) % STRIKES_TO_DEMOTE;
            count--;
        }
        if (count == STRIKES_TO_DEMOTE) {
            oldest = (oldest + 1) % STRIKES_TO_DEMOTE;
            count--;
        }
        struckAtMs[(oldest + count) % STRIKES_TO_DEMOTE] = nowMs;
        count++;
        return count == STRIKES_TO_DEMOTE;
    }
}
