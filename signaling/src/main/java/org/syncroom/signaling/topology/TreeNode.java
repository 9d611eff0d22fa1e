package org.syncroom.signaling.topology;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One member of the tree (the host or a listener). Mutable, package-private: only
 * {@link RelayTree} changes it, always through {@link PlacementIndex} so the indexes stay sorted.
 */
final class TreeNode {
    /** Depth of a node that is not connected to the host (waiting, or being moved). */
    static final int DETACHED = -1;

    final String id;
    /** Join order; breaks every tie so placement is deterministic. The host is 0. */
    final long joinSeq;
    /** What the listener declared on join; the host is always relay-capable. */
    final boolean declaredRelay;
    final boolean isHost;
    final Set<TreeNode> children = new LinkedHashSet<>();
    final ReportLimiter reports = new ReportLimiter();
    final StarvingStrikes strikes = new StarvingStrikes();
    TreeNode parent;
    int depth = DETACHED;
    boolean demoted;
    /** Server time this node's own parent last changed (its upstream being repaired); NaN before. */
    double parentChangedAtMs = Double.NaN;
    /** Server time this node last reported its own parent starving; NaN before. */
    double starvingClaimedAtMs = Double.NaN;

    TreeNode(String id, long joinSeq, boolean declaredRelay, boolean isHost) {
        this.id = id;
        this.joinSeq = joinSeq;
        this.declaredRelay = declaredRelay;
        this.isHost = isHost;
    }

    /** May feed children: declared so on join and never demoted. */
    boolean relays() {
        return declaredRelay && !demoted;
    }

    boolean attached() {
        return depth != DETACHED;
    }

    boolean isLeaf() {
        return children.isEmpty();
    }

    @Override
    public String toString() {
        return id;
    }
}
