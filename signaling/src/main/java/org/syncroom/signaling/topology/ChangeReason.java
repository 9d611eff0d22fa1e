package org.syncroom.signaling.topology;

/** Why the relay tree changed: the event that caused an {@link Assignment}, {@link Demotion} or {@link Departure}. */
public enum ChangeReason {
    /** A listener joined and was given its first parent (or put on the waiting list). */
    JOINED,
    /** A listener left in an orderly way (its socket closed or it said goodbye). */
    LEFT,
    /** A listener vanished without a word (the server noticed its socket die or time out). */
    FAILED,
    /** A child reported that chunks from its parent stopped arriving. */
    STARVING,
    /** A child saw a chunk or pulse from its parent that failed signature verification. */
    TAMPERING,
    /** A leaf was moved up to a shallower free slot to keep the tree shallow. */
    PROMOTED,
    /** The host's seat moved to another connection: the host's children follow it. */
    HOST_RESEATED
}
