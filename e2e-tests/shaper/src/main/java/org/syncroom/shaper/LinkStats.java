package org.syncroom.shaper;

/** Both directions' counters of one shaped link. */
public record LinkStats(DirectionStats up, DirectionStats down) {
    public DirectionStats of(Direction direction) {
        return direction == Direction.UP ? up : down;
    }
}
