package org.syncroom.shaper;

/** Why a shaped direction did not deliver a frame. */
public enum DropReason {
    /** The direction is cut: everything arriving, and everything still held, is dropped. */
    CUT,
    /** The loss draw ({@link LinkProfile#lossFraction()}). */
    LOSS,
    /** The bottleneck's queue ({@link LinkProfile#queueBytes()}) had no room: tail drop. */
    QUEUE_FULL,
    /** More frames held for their delay than {@link ShapedDirection#MAX_FRAMES_HELD}. */
    HOLD_FULL,
    /** The outgoing packet socket refused it (logged once per direction with the error). */
    SEND_FAILED
}
