package org.syncroom.signaling.room;

import java.util.concurrent.atomic.AtomicLong;

/** What every room's roster did, for {@code /metrics}: statuses dropped, rosters and bytes sent. */
public final class RosterCounters {
    private final AtomicLong statusesDropped = new AtomicLong();
    private final AtomicLong rostersSent = new AtomicLong();
    private final AtomicLong rosterBytes = new AtomicLong();

    void statusDropped() {
        statusesDropped.incrementAndGet();
    }

    /** One roster of at most {@code maxBytes} went to {@code recipients} members. */
    void sent(int recipients, int maxBytes) {
        rostersSent.addAndGet(recipients);
        rosterBytes.addAndGet((long) recipients * maxBytes);
    }

    /** {@code member-status} messages dropped for coming too often. */
    public long statusesDropped() {
        return statusesDropped.get();
    }

    /** {@code roster} messages sent (one per recipient). */
    public long rostersSent() {
        return rostersSent.get();
    }

    /** Upper bound of the bytes those rosters took. */
    public long rosterBytes() {
        return rosterBytes.get();
    }
}
