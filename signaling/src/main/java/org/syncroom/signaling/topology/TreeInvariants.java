package org.syncroom.signaling.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The structural checks behind {@link RelayTree#checkInvariants()}, by full scan. */
final class TreeInvariants {
    /** Stop collecting after this many; the first few say enough. */
    private static final int VIOLATIONS_REPORTED_MAX = 10;

    private TreeInvariants() {}

    static List<String> violations(TreeNode host, Map<String, TreeNode> listeners, Collection<TreeNode> waiting,
                                   PlacementIndex index) {
        List<String> found = new ArrayList<>();
        if (host.parent != null || host.depth != 0) {
            found.add("host " + host + " has a parent or depth " + host.depth);
        }
        Set<TreeNode> seen = new HashSet<>();
        TreeNode shallowestOpen = null;
        TreeNode deepestLeaf = null;
        Deque<TreeNode> pending = new ArrayDeque<>();
        pending.add(host);
        seen.add(host);
        while (!pending.isEmpty() && found.size() < VIOLATIONS_REPORTED_MAX) {
            TreeNode node = pending.poll();
            checkNode(node, index, found);
            if (index.hasFreeSlot(node) && (shallowestOpen == null || earlierSlot(node, shallowestOpen))) {
                shallowestOpen = node;
            }
            if (!node.isHost && node.isLeaf() && (deepestLeaf == null || deeperLeaf(node, deepestLeaf))) {
                deepestLeaf = node;
            }
            for (TreeNode child : node.children) {
                if (!seen.add(child)) {
                    found.add("cycle or shared child at " + child);
                    continue;
                }
                if (child.depth != node.depth + 1) {
                    found.add(child + " at depth " + child.depth + " under " + node + " at depth " + node.depth);
                }
                pending.add(child);
            }
        }
        int attached = seen.size() - 1;
        for (TreeNode root : waiting) {
            if (root.parent != null) {
                found.add("waiting " + root + " has parent " + root.parent);
            }
            pending.add(root);
            if (!seen.add(root)) {
                found.add("waiting " + root + " is also attached or queued twice");
            }
            while (!pending.isEmpty() && found.size() < VIOLATIONS_REPORTED_MAX) {
                TreeNode node = pending.poll();
                checkNode(node, index, found);
                if (node.attached()) {
                    found.add(node + " under waiting " + root + " has depth " + node.depth);
                }
                for (TreeNode child : node.children) {
                    if (!seen.add(child)) {
                        found.add("cycle or shared child at " + child);
                    } else {
                        pending.add(child);
                    }
                }
            }
        }
        if (seen.size() - 1 != listeners.size()) {
            found.add((seen.size() - 1) + " listeners reachable from the host or a waiting root, "
                    + listeners.size() + " in the tree");
        }
        for (TreeNode node : listeners.values()) {
            if (node.parent == null && !waiting.contains(node)) {
                found.add(node + " has no parent and is not waiting");
            } else if (node.parent != null && !node.parent.children.contains(node)) {
                found.add(node + " is not among the children of its parent " + node.parent);
            }
        }
        if (!waiting.isEmpty() && shallowestOpen != null) {
            found.add(waiting.size() + " waiting while " + shallowestOpen + " has a free slot");
        }
        if (index.shallowestOpenSlot(null) != shallowestOpen) {
            found.add("index says shallowest free slot is " + index.shallowestOpenSlot(null) + ", scan says " + shallowestOpen);
        }
        if (index.deepestLeaf() != deepestLeaf) {
            found.add("index says deepest leaf is " + index.deepestLeaf() + ", scan says " + deepestLeaf
                    + " (" + attached + " attached)");
        }
        return found.size() > VIOLATIONS_REPORTED_MAX ? found.subList(0, VIOLATIONS_REPORTED_MAX) : found;
    }

    private static void checkNode(TreeNode node, PlacementIndex index, List<String> found) {
        if (node.children.size() > index.fanoutOf(node)) {
            found.add(node + " has " + node.children.size() + " children, fanout " + index.fanoutOf(node));
        }
        if (!node.relays() && !node.children.isEmpty()) {
            found.add(node + " does not relay but has " + node.children.size() + " children");
        }
        for (TreeNode child : node.children) {
            if (child.parent != node) {
                found.add(child + " is listed under " + node + " but its parent is " + child.parent);
            }
        }
    }

    private static boolean earlierSlot(TreeNode a, TreeNode b) {
        return a.depth < b.depth || (a.depth == b.depth && a.joinSeq < b.joinSeq);
    }

    private static boolean deeperLeaf(TreeNode a, TreeNode b) {
        return a.depth > b.depth || (a.depth == b.depth && a.joinSeq > b.joinSeq);
    }
}
