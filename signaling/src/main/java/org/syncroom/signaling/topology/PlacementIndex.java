package org.syncroom.signaling.topology;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The sorted views placement needs, kept up to date incrementally so a join costs O(log N):
 * <ul>
 *   <li>open slots: attached relay-capable nodes with fewer children than their fanout,
 *       shallowest first, then earliest joined (the host first);</li>
 *   <li>relay leaves: attached relay-capable listeners without children, deepest first, then
 *       latest joined (substitutes for a departing relay);</li>
 *   <li>leaves: attached listeners without children, deepest first, then latest joined
 *       (candidates for promotion, the first being the deepest listener of all; read from the
 *       other end, leaves whose slot a starving relay may take).</li>
 * </ul>
 * A node's sort keys are its depth, children and demotion: callers {@link #forget} a node before
 * changing any of them and {@link #admit} it afterwards.
 */
final class PlacementIndex {
    private static final Comparator<TreeNode> SHALLOWEST_FIRST =
            Comparator.<TreeNode>comparingInt(n -> n.depth).thenComparingLong(n -> n.joinSeq);
    private static final Comparator<TreeNode> DEEPEST_FIRST =
            Comparator.<TreeNode>comparingInt(n -> -n.depth).thenComparingLong(n -> -n.joinSeq);

    private final TreeLimits limits;
    private final NavigableSet<TreeNode> openSlots = new TreeSet<>(SHALLOWEST_FIRST);
    private final NavigableSet<TreeNode> relayLeaves = new TreeSet<>(DEEPEST_FIRST);
    private final NavigableSet<TreeNode> leaves = new TreeSet<>(DEEPEST_FIRST);

    PlacementIndex(TreeLimits limits) {
        this.limits = limits;
    }

    int fanoutOf(TreeNode node) {
        return node.isHost ? limits.hostFanout() : limits.listenerFanout();
    }

    boolean hasFreeSlot(TreeNode node) {
        return node.relays() && node.children.size() < fanoutOf(node);
    }

    void forget(TreeNode node) {
        if (!node.attached()) {
            return;
        }
        openSlots.remove(node);
        relayLeaves.remove(node);
        leaves.remove(node);
    }

    void admit(TreeNode node) {
        if (!node.attached()) {
            return;
        }
        if (hasFreeSlot(node)) {
            openSlots.add(node);
        }
        if (!node.isHost && node.isLeaf()) {
            leaves.add(node);
            if (node.relays()) {
                relayLeaves.add(node);
            }
        }
    }

    /** The shallowest attached node with a free slot other than {@code excluded}, or null. */
    TreeNode shallowestOpenSlot(TreeNode excluded) {
        for (Iterator<TreeNode> it = openSlots.iterator(); it.hasNext(); ) {
            TreeNode candidate = it.next();
            if (candidate != excluded) {
                return candidate;
            }
        }
        return null;
    }

    /** The deepest attached relay-capable listener without children, or null. */
    TreeNode deepestRelayLeaf() {
        return relayLeaves.isEmpty() ? null : relayLeaves.first();
    }

    /** The relay leaves in the order they would be taken as substitutes (a read-only view). */
    Iterable<TreeNode> relayLeaves() {
        return java.util.Collections.unmodifiableSet(relayLeaves);
    }

    /** Up to {@code count} relay leaves in the order they would be taken as substitutes. */
    java.util.List<TreeNode> nextRelayLeaves(int count) {
        java.util.List<TreeNode> next = new java.util.ArrayList<>(count);
        for (Iterator<TreeNode> it = relayLeaves.iterator(); it.hasNext() && next.size() < count; ) {
            next.add(it.next());
        }
        return next;
    }

    /** The deepest attached listener without children, or null. */
    TreeNode deepestLeaf() {
        return leaves.isEmpty() ? null : leaves.first();
    }

    /**
     * The shallowest attached listener without children (earliest joined among equals) that is
     * neither {@code suspect} nor its child, or null. Skips at most fanout + 1 entries.
     */
    TreeNode shallowestLeafApartFrom(TreeNode suspect) {
        for (Iterator<TreeNode> it = leaves.descendingIterator(); it.hasNext(); ) {
            TreeNode leaf = it.next();
            if (leaf != suspect && leaf.parent != suspect) {
                return leaf;
            }
        }
        return null;
    }

    /** Depth of the deepest attached listener; 0 when there is none. */
    int maxDepth() {
        TreeNode deepest = deepestLeaf();
        return deepest == null ? 0 : deepest.depth;
    }
}
