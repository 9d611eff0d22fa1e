package org.syncroom.signaling.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Understudies (part of {@link RelayTree}'s rule 3): every attached relay with children gets one
 * relay-capable leaf outside its own subtree that keeps a {@link StandbyLink} open to each of its
 * children. When the relay departs or is demoted, its understudy is the substitute that takes its
 * slot, and its children's links are already open: re-parenting them needs no offer, answer, ICE,
 * DTLS or SCTP set-up at the worst moment, only the server's word. A leaf understudies at most one
 * relay; designations are kept while they stay valid (each change of one costs links).
 *
 * <p>Package-private state of the tree; not thread-safe.
 */
final class Understudies {
    /** relay -> its understudy, in the order designated (the standby links come out in that order) */
    private final Map<TreeNode, TreeNode> byRelay = new LinkedHashMap<>();
    private final Map<TreeNode, TreeNode> relayOf = new LinkedHashMap<>();

    /** The relay's understudy if it is still fit to substitute it, else null. */
    TreeNode of(TreeNode relay, Map<String, TreeNode> listeners) {
        TreeNode understudy = byRelay.get(relay);
        return understudy != null && fits(understudy, relay, listeners) ? understudy : null;
    }

    /**
     * Drops designations that no longer fit, gives every attached relay with children that has
     * none the first fitting relay leaf (deepest first: those are the last to be given children),
     * and returns the standby links all designations call for. A pair of members is linked at
     * most once, whichever way: links between two pages are told apart by peer only.
     *
     * @param relayLeaves relay-capable leaves, deepest (then latest joined) first
     */
    List<StandbyLink> refresh(Map<String, TreeNode> listeners, Iterable<TreeNode> relayLeaves) {
        for (Iterator<Map.Entry<TreeNode, TreeNode>> it = byRelay.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TreeNode, TreeNode> e = it.next();
            if (!needsOne(e.getKey(), listeners) || !fits(e.getValue(), e.getKey(), listeners)) {
                relayOf.remove(e.getValue());
                it.remove();
            }
        }
        for (TreeNode relay : listeners.values()) {
            if (needsOne(relay, listeners) && !byRelay.containsKey(relay)) {
                designate(relay, listeners, relayLeaves);
            }
        }
        List<StandbyLink> links = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        for (Map.Entry<TreeNode, TreeNode> e : byRelay.entrySet()) {
            TreeNode understudy = e.getValue();
            for (TreeNode child : e.getKey().children) {
                if (pairs.add(pairKey(understudy, child))) {
                    links.add(new StandbyLink(understudy.id, child.id));
                }
            }
        }
        return links;
    }

    private void designate(TreeNode relay, Map<String, TreeNode> listeners, Iterable<TreeNode> relayLeaves) {
        for (TreeNode candidate : relayLeaves) {
            if (!relayOf.containsKey(candidate) && fits(candidate, relay, listeners) && !crosses(candidate, relay)) {
                byRelay.put(relay, candidate);
                relayOf.put(candidate, relay);
                return;
            }
        }
    }

    /**
     * True when the candidate's own parent is understudied by one of the relay's children: the two
     * would need a standby link each way between the same two pages.
     */
    private boolean crosses(TreeNode candidate, TreeNode relay) {
        TreeNode parentsUnderstudy = candidate.parent == null ? null : byRelay.get(candidate.parent);
        return parentsUnderstudy != null && relay.children.contains(parentsUnderstudy);
    }

    /** A listener relay, attached, with children: one whose departure would orphan someone. */
    private static boolean needsOne(TreeNode relay, Map<String, TreeNode> listeners) {
        return !relay.isHost && listeners.get(relay.id) == relay && relay.attached() && !relay.isLeaf();
    }

    /** Still in the tree, attached, a relay-capable leaf, and not below the relay it understudies. */
    private static boolean fits(TreeNode understudy, TreeNode relay, Map<String, TreeNode> listeners) {
        if (listeners.get(understudy.id) != understudy || !understudy.attached() || !understudy.relays()
                || !understudy.isLeaf() || understudy == relay) {
            return false;
        }
        for (TreeNode n = understudy.parent; n != null; n = n.parent) {
            if (n == relay) {
                return false;
            }
        }
        return true;
    }

    private static String pairKey(TreeNode a, TreeNode b) {
        return a.id.compareTo(b.id) < 0 ? a.id + ' ' + b.id : b.id + ' ' + a.id;
    }
}
