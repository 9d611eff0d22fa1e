package org.syncroom.signaling.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the changes of one operation and folds them into {@link TreeChanges}: a child moved
 * twice is reported once, from its first parent to its last, with the first reason; a child back
 * where it started is dropped; a listener that departs is not also reported as moved.
 */
final class ChangeLog {
    private record Move(String oldParentId, String newParentId, ChangeReason reason) {}

    private final Map<String, Move> moves = new LinkedHashMap<>();
    private final List<Demotion> demotions = new ArrayList<>();
    private final List<Departure> departures = new ArrayList<>();

    void moved(TreeNode child, TreeNode oldParent, TreeNode newParent, ChangeReason reason) {
        String newParentId = newParent == null ? null : newParent.id;
        Move earlier = moves.get(child.id);
        if (earlier == null) {
            moves.put(child.id, new Move(oldParent == null ? null : oldParent.id, newParentId, reason));
        } else {
            moves.put(child.id, new Move(earlier.oldParentId, newParentId, earlier.reason));
        }
    }

    void demoted(TreeNode relay, ChangeReason reason) {
        demotions.add(new Demotion(relay.id, reason));
    }

    void departed(TreeNode listener, TreeNode parent, ChangeReason reason) {
        moves.remove(listener.id);
        departures.add(new Departure(listener.id, parent == null ? null : parent.id, reason));
    }

    TreeChanges build() {
        List<Assignment> assignments = new ArrayList<>(moves.size());
        moves.forEach((childId, move) -> {
            if (!Objects.equals(move.oldParentId, move.newParentId) || move.reason == ChangeReason.JOINED) {
                assignments.add(new Assignment(childId, move.newParentId, move.oldParentId, move.reason));
            }
        });
        return new TreeChanges(assignments, demotions, departures);
    }
}
