package org.syncroom.signaling.topology;

/**
 * Per-reporter budget for starving and tampering reports, shared by both kinds: at most
 * {@link #REPORTS_PER_WINDOW_MAX} reports in any {@link #REPORT_WINDOW_MS} of server time. Every
 * report within the budget counts, whatever its verdict (a report about a peer that is not the
 * reporter's parent uses budget too); refused ones do not. Bounded: a ring of that many timestamps
 * per listener.
 */
public final class ReportLimiter {
    /** Reports a listener may file per window; a healthy child needs one per parent loss. */
    public static final int REPORTS_PER_WINDOW_MAX = 3;
    public static final double REPORT_WINDOW_MS = 10_000;

    private final double[] acceptedAtMs = new double[REPORTS_PER_WINDOW_MAX];
    private int count;
    private int oldest;

    ReportLimiter() {}

    /** Counts a report at {@code nowMs} if the budget allows it; false means refused. */
    boolean tryAcquire(double nowMs) {
        if (count == REPORTS_PER_WINDOW_MAX) {
            if (nowMs - acceptedAtMs[oldest] < REPORT_WINDOW_MS) {
                return false;
            }
            acceptedAtMs[oldest] = nowMs;
            oldest = (oldest + 1) % REPORTS_PER_WINDOW_MAX;
            return true;
        }
        acceptedAtMs[(oldest + count) % REPORTS_PER_WINDOW_MAX] = nowMs;
        count++;
        return true;
    }
}
