package org.syncroom.signaling.topology;

import java.util.Objects;

/**
 * One listener's parent changed: the server tells {@code childId} to take its stream from
 * {@code newParentId}, tells {@code newParentId} to accept it, and tells {@code oldParentId} to
 * drop its link to it.
 *
 * <p>Within one {@link TreeChanges} a child appears at most once: its parent before the operation
 * and its parent after it (intermediate steps are folded away; a child that ends where it
 * started is not listed).
 *
 * @param childId     the listener that moves
 * @param newParentId its parent from now on; {@code null} when no relay has a free slot and the
 *                    listener waits (the page says so instead of "in sync")
 * @param oldParentId its parent before; {@code null} for a listener that just joined or was waiting
 * @param reason      the event that caused the move
 */
public record Assignment(String childId, String newParentId, String oldParentId, ChangeReason reason) {
    public Assignment {
        Objects.requireNonNull(childId, "childId");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when the listener has no parent after this change and waits for a free slot. */
    public boolean waiting() {
        return newParentId == null;
    }
}
