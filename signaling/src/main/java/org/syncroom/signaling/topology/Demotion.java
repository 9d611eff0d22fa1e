package org.syncroom.signaling.topology;

import java.util.Objects;

/**
 * A relay became a leaf for good: the server tells {@code peerId} to stop accepting children.
 * Its former children appear as {@link Assignment}s in the same {@link TreeChanges}.
 *
 * @param reason {@link ChangeReason#STARVING} (its children starved repeatedly) or
 *               {@link ChangeReason#TAMPERING} (a child saw a bad signature from it)
 */
public record Demotion(String peerId, ChangeReason reason) {
    public Demotion {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(reason, "reason");
    }
}
