package org.syncroom.signaling.room;

/**
 * When one room's {@code roster} may go out, so that all its rosters together stay within
 * {@link #BUDGET_BYTES_PER_SEC}, however many listeners it has. The host gets a changed roster
 * at most every {@link #MIN_INTERVAL_MS} (its share: two rosters a second, at most
 * {@link #HOST_SHARE_BYTES_PER_SEC}); the listeners all get the same copy, at most every
 * {@link #MIN_INTERVAL_MS} and no sooner than the rest of the budget allows for that many
 * copies of the last one: a roster of B bytes to N listeners waits B·N / (budget − host share)
 * seconds before the next. Small rooms see two rosters a second; one of 500 listeners with
 * ~200-byte entries (~10 KB) sees one about every ten seconds, its host still two a second.
 * Not thread-safe: the room's lock guards it.
 */
final class RosterPacing {
    static final double MIN_INTERVAL_MS = 500;
    static final double BUDGET_BYTES_PER_SEC = 512 * 1024;
    /** The largest roster there can be (every entry at its largest: RosterEntry#maxWireBytes), sent twice a second. */
    static final double HOST_SHARE_BYTES_PER_SEC = 2 * 50 * 700;

    private boolean hostStale = true;
    private boolean listenersStale = true;
    private double hostNextAt = Double.NEGATIVE_INFINITY;
    private double listenersNextAt = Double.NEGATIVE_INFINITY;

    /** Something a roster shows changed: a status, a member came or went. */
    void changed() {
        hostStale = true;
        listenersStale = true;
    }

    boolean hostDue(double now) {
        return hostStale && now >= hostNextAt;
    }

    boolean listenersDue(double now) {
        return listenersStale && now >= listenersNextAt;
    }

    void sentToHost(double now) {
        hostStale = false;
        hostNextAt = now + MIN_INTERVAL_MS;
    }

    /** @param maxBytes upper bound of the roster's size @param copies listeners it went to */
    void sentToListeners(double now, int maxBytes, int copies) {
        listenersStale = false;
        double budgetWaitMs = 1000.0 * maxBytes * copies / (BUDGET_BYTES_PER_SEC - HOST_SHARE_BYTES_PER_SEC);
        listenersNextAt = now + Math.max(MIN_INTERVAL_MS, budgetWaitMs);
    }
}
