package org.syncroom.shaper;

/** What {@link ShapingModel} decided for one frame: dropped for a reason, or due at a time. */
record Fate(DropReason dropped, long dueNanos) {
    static Fate due(long dueNanos) {
        return new Fate(null, dueNanos);
    }

    static Fate drop(DropReason reason) {
        return new Fate(reason, 0);
    }

    boolean isDropped() {
        return dropped != null;
    }
}
