package org.syncroom.signaling.topology;

import java.util.Objects;

/**
 * A listener left the tree: the server tells {@code parentId} to drop its link to {@code peerId}
 * (after a silent failure the parent may not know yet). Its children appear as
 * {@link Assignment}s in the same {@link TreeChanges}.
 *
 * @param parentId its parent at the moment it left; {@code null} if it was waiting
 * @param reason   {@link ChangeReason#LEFT} or {@link ChangeReason#FAILED}
 */
public record Departure(String peerId, String parentId, ChangeReason reason) {
    public Departure {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(reason, "reason");
    }
}
