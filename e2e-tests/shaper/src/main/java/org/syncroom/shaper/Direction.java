package org.syncroom.shaper;

/** The two directions of a shaped link between an edge (one browser's namespace) and the hub. */
public enum Direction {
    /** From the edge to the hub: the edge's upload. */
    UP,
    /** From the hub to the edge: the edge's download. */
    DOWN
}
