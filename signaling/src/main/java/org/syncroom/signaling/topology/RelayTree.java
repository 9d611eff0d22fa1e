package org.syncroom.signaling.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One room's relay tree: the host at the root, every listener fed by one parent (the host or a
 * relaying listener). Pure: no sockets, no clocks (callers pass server time), no I/O. Every
 * operation returns the exact {@link TreeChanges} the server must tell peers. The rules (also in
 * docs/protocol.md, "Relay tree"):
 *
 * <ol>
 *   <li><b>Fanout.</b> The host feeds at most {@link TreeLimits#hostFanout()} children, a relay
 *       {@link TreeLimits#listenerFanout()}; a listener that declared it cannot relay, or was
 *       demoted, feeds none.</li>
 *   <li><b>Placement.</b> A listener goes under the shallowest relay-capable node with a free slot;
 *       among equally shallow ones, the one that joined first (the host before all). If no node
 *       has a free slot it waits (an {@link Assignment} with no new parent) and is placed, in
 *       arrival order, as soon as one frees.</li>
 *   <li><b>Departure</b> ({@link #leave}, {@link #fail}). A leaf just goes. A relay with children
 *       is replaced by a substitute: its understudy ({@link #refreshStandbyLinks}: a relay-capable
 *       leaf outside its subtree that keeps idle links open to its children), else the deepest
 *       relay-capable leaf (latest joined among equals), takes the departed relay's slot and adopts all its children, whose subtrees stay attached
 *       at the same depth; this costs children + 1 assignments and never deepens the tree. With no
 *       relay-capable leaf anywhere, each child (with its subtree) is placed like a new listener,
 *       or waits.</li>
 *   <li><b>Starving</b> ({@link #reportStarving}). A child reporting that its parent's chunks
 *       stopped is moved away from that parent with its subtree, keeping the tree's depth where it
 *       can (details at {@code moveAwayFrom}): a leaf goes to the shallowest free slot; a child
 *       with children goes to a free slot no deeper than before, else takes the slot of the
 *       shallowest leaf if no deeper than itself (that leaf moving to the shallowest free slot),
 *       else trades places with a listener at its own depth in a nearby branch, else takes that
 *       leaf's slot if shallower than any free slot, else goes to the shallowest free slot.
 *       Ignored while the reported parent, or any listener above it, had its own parent changed in
 *       the last {@link #UPSTREAM_GRACE_MS} (the stream is being restored upstream), or reported
 *       starving itself in the last {@link #STARVING_CLAIM_MS} (the stream stops higher up, and
 *       that report is the one acted on). {@link StarvingStrikes#STRIKES_TO_DEMOTE} believed reports against the
 *       same relay within {@link StarvingStrikes#STRIKE_WINDOW_MS} demote it.</li>
 *   <li><b>Tampering</b> ({@link #reportTampering}). One believed report demotes the parent.</li>
 *   <li><b>Demotion.</b> The relay becomes a leaf for good: a substitute (as on departure) takes its
 *       slot and its children, and the demoted listener is then placed like a new listener.</li>
 *   <li><b>Trust.</b> A report counts only when the suspect is the reporter's current parent as
 *       assigned here; each listener may file {@link ReportLimiter#REPORTS_PER_WINDOW_MAX} reports
 *       per {@link ReportLimiter#REPORT_WINDOW_MS}, the rest are refused.</li>
 *   <li><b>Promotion.</b> After every operation, while the deepest leaf is deeper than
 *       {@link TreeLimits#balancedDepth} + {@link #PROMOTION_DEPTH_SLACK} and at least two levels
 *       below the shallowest free slot, it moves to that slot; at most
 *       {@link #PROMOTIONS_PER_OPERATION_MAX} moves per operation.</li>
 * </ol>
 * Re-parenting never creates a cycle: a subtree being moved is detached first, so no slot inside
 * it can be chosen; a substitute is a leaf; a place-trading partner is at the reporter's depth
 * outside the reported parent's subtree.
 *
 * <p>Member ids are the server's peer ids. Times are server milliseconds ({@code nowMs}); they
 * must not go backwards. Queries about an id that is not a listener throw
 * {@link IllegalArgumentException}; {@link #leave}/{@link #fail} of an unknown id return
 * {@link TreeChanges#NONE}.
 *
 * <p>Not thread-safe: callers serialise access (the room calls it under its own lock).
 */
public final class RelayTree {
    /** Reports about a parent whose upstream changed this recently are answered UPSTREAM_RECOVERING. */
    public static final double UPSTREAM_GRACE_MS = 3_000;
    /**
     * A listener's own starving report shields its parent from its children's reports this long:
     * a starving page reports again every 1.5 s (web/app/roles/listener.js) while it starves.
     */
    public static final double STARVING_CLAIM_MS = 2_500;
    /** Bounds the extra link changes one operation may cause to keep the tree shallow. */
    public static final int PROMOTIONS_PER_OPERATION_MAX = 4;
    /** Depth beyond the balanced depth that is tolerated before leaves are promoted. */
    public static final int PROMOTION_DEPTH_SLACK = 1;
    /** Bounds the search for a place-trading partner of a starving child (rule 4). */
    static final int SWAP_SEARCH_VISITS_MAX = 64;

    private final TreeLimits limits;
    private final PlacementIndex index;
    private final Understudies understudies = new Understudies();
    /** Every listener, attached or waiting; at most {@link TreeLimits#maxListeners()}. */
    private final Map<String, TreeNode> listeners = new HashMap<>();
    /** Roots of subtrees with no parent, in arrival order; a subset of {@link #listeners}. */
    private final Set<TreeNode> waiting = new LinkedHashSet<>();
    private TreeNode host;
    private long nextJoinSeq = 1;

    public RelayTree(String hostId, TreeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.index = new PlacementIndex(limits);
        this.host = newHost(hostId);
    }

    private TreeNode newHost(String hostId) {
        TreeNode node = new TreeNode(Objects.requireNonNull(hostId, "hostId"), 0, true, true);
        node.depth = 0;
        index.admit(node);
        return node;
    }

    // ---- operations ---------------------------------------------------------------------

    /**
     * Places a new listener (rule 2).
     *
     * @param relayCapable false for listeners that must stay leaves ({@code ?relay=0}, a phone on battery)
     * @throws IllegalArgumentException if the id is already in the tree
     * @throws IllegalStateException    if the tree already holds {@link TreeLimits#maxListeners()}
     */
    public TreeChanges join(String listenerId, boolean relayCapable, double nowMs) {
        Objects.requireNonNull(listenerId, "listenerId");
        if (listeners.containsKey(listenerId) || host.id.equals(listenerId)) {
            throw new IllegalArgumentException("already in the relay tree: " + listenerId);
        }
        if (listeners.size() >= limits.maxListeners()) {
            throw new IllegalStateException("relay tree full: " + limits.maxListeners() + " listeners");
        }
        TreeNode node = new TreeNode(listenerId, nextJoinSeq++, relayCapable, false);
        listeners.put(listenerId, node);
        ChangeLog log = new ChangeLog();
        log.moved(node, null, null, ChangeReason.JOINED);
        placeOrWait(node, null, null, ChangeReason.JOINED, nowMs, log);
        return finish(ChangeReason.JOINED, nowMs, log);
    }

    /** An orderly departure (rule 3). Unknown ids change nothing: a departure may be seen twice. */
    public TreeChanges leave(String listenerId, double nowMs) {
        return depart(listenerId, ChangeReason.LEFT, nowMs);
    }

    /** A silent failure noticed by the server (rule 3); the departed one's parent is told to drop it. */
    public TreeChanges fail(String listenerId, double nowMs) {
        return depart(listenerId, ChangeReason.FAILED, nowMs);
    }

    /** A child says chunks from {@code suspectId} stopped arriving (rules 4 and 7). */
    public ReportResult reportStarving(String reporterId, String suspectId, double nowMs) {
        TreeNode reporter = listeners.get(reporterId);
        ReportVerdict refusal = refusal(reporter, suspectId, nowMs);
        if (refusal != null) {
            return ReportResult.ignored(refusal);
        }
        TreeNode suspect = reporter.parent;
        reporter.starvingClaimedAtMs = nowMs;
        if (upstreamRecovering(suspect, nowMs)) {
            return ReportResult.ignored(ReportVerdict.UPSTREAM_RECOVERING);
        }
        if (upstreamStarving(suspect, nowMs)) {
            return ReportResult.ignored(ReportVerdict.UPSTREAM_STARVING);
        }
        ChangeLog log = new ChangeLog();
        if (!suspect.isHost && suspect.strikes.strike(nowMs)) {
            demote(suspect, ChangeReason.STARVING, nowMs, log);
            return new ReportResult(ReportVerdict.ACTED, finish(ChangeReason.STARVING, nowMs, log));
        }
        if (!moveAwayFrom(suspect, reporter, nowMs, log)) {
            return ReportResult.ignored(ReportVerdict.NO_ALTERNATIVE_PARENT);
        }
        return new ReportResult(ReportVerdict.ACTED, finish(ChangeReason.STARVING, nowMs, log));
    }

    /**
     * Moves a starving child, with its subtree, away from its parent (rule 4), first choice that
     * applies:
     * <ol>
     *   <li>a leaf, or a child whose new slot would be no deeper than its old one, goes to the
     *       shallowest free slot;</li>
     *   <li>it takes the slot of the shallowest leaf elsewhere if that leaf is no deeper than
     *       itself; the leaf moves to the shallowest free slot;</li>
     *   <li>it trades places with a listener at its own depth in a nearby branch
     *       ({@link #cousinAt}), which takes its place, with its own subtree, under the reported
     *       parent;</li>
     *   <li>it takes the slot of that shallowest leaf anyway if this is shallower than the free slot;</li>
     *   <li>it goes to the shallowest free slot (its subtree deepens; promotion repairs that).</li>
     * </ol>
     * "Elsewhere" is never the reported parent, its children or the child's own subtree. Returns
     * false, with nothing changed, when there is no free slot outside its subtree and its parent.
     */
    private boolean moveAwayFrom(TreeNode suspect, TreeNode reporter, double nowMs, ChangeLog log) {
        double previousChangeMs = reporter.parentChangedAtMs;
        int depthBefore = reporter.depth;
        detachSubtree(reporter);
        TreeNode slot = index.shallowestOpenSlot(suspect);
        if (slot == null) {
            attachSubtree(reporter, suspect, nowMs);
            reporter.parentChangedAtMs = previousChangeMs;
            return false;
        }
        if (reporter.isLeaf() || slot.depth + 1 <= depthBefore) {
            attachSubtree(reporter, slot, nowMs);
            log.moved(reporter, suspect, slot, ChangeReason.STARVING);
            return true;
        }
        TreeNode leaf = index.shallowestLeafApartFrom(suspect);
        if (leaf != null && leaf.depth <= depthBefore) {
            takeLeafSlot(reporter, suspect, leaf, nowMs, log);
            return true;
        }
        TreeNode partner = cousinAt(suspect, depthBefore);
        if (partner != null) {
            TreeNode partnerParent = partner.parent;
            detachSubtree(partner);
            attachSubtree(reporter, partnerParent, nowMs);
            attachSubtree(partner, suspect, nowMs);
            log.moved(reporter, suspect, partnerParent, ChangeReason.STARVING);
            log.moved(partner, partnerParent, suspect, ChangeReason.STARVING);
            return true;
        }
        if (leaf != null && leaf.depth <= slot.depth) {
            takeLeafSlot(reporter, suspect, leaf, nowMs, log);
            return true;
        }
        attachSubtree(reporter, slot, nowMs);
        log.moved(reporter, suspect, slot, ChangeReason.STARVING);
        return true;
    }

    /** The detached reporter takes the leaf's slot; the leaf goes to the shallowest free slot not under the suspect. */
    private void takeLeafSlot(TreeNode reporter, TreeNode suspect, TreeNode leaf, double nowMs, ChangeLog log) {
        TreeNode leafParent = leaf.parent;
        detachSubtree(leaf);
        attachSubtree(reporter, leafParent, nowMs);
        log.moved(reporter, suspect, leafParent, ChangeReason.STARVING);
        placeOrWait(leaf, leafParent, suspect, ChangeReason.STARVING, nowMs, log);
    }

    /**
     * A listener at exactly {@code depth} outside the subtree of {@code suspect}, searched in the
     * other branches of its nearest ancestors first, visiting at most {@link #SWAP_SEARCH_VISITS_MAX}
     * nodes; null if none found. Never the reporter or its descendants (they are under the suspect)
     * and never an ancestor of the reporter (same depth).
     */
    private static TreeNode cousinAt(TreeNode suspect, int depth) {
        int visits = 0;
        Deque<TreeNode> pending = new ArrayDeque<>();
        TreeNode branch = suspect;
        for (TreeNode ancestor = suspect.parent; ancestor != null; branch = ancestor, ancestor = ancestor.parent) {
            for (TreeNode child : ancestor.children) {
                if (child != branch) {
                    pending.push(child);
                }
            }
            while (!pending.isEmpty()) {
                TreeNode node = pending.pop();
                if (++visits > SWAP_SEARCH_VISITS_MAX) {
                    return null;
                }
                if (node.depth == depth) {
                    return node;
                }
                node.children.forEach(pending::push);
            }
        }
        return null;
    }

    /** A child saw a chunk or pulse from {@code suspectId} fail signature verification (rules 5 to 7). */
    public ReportResult reportTampering(String reporterId, String suspectId, double nowMs) {
        TreeNode reporter = listeners.get(reporterId);
        ReportVerdict refusal = refusal(reporter, suspectId, nowMs);
        if (refusal != null) {
            return ReportResult.ignored(refusal);
        }
        TreeNode suspect = reporter.parent;
        if (suspect.isHost) {
            return ReportResult.ignored(ReportVerdict.HOST_CANNOT_BE_DEMOTED);
        }
        ChangeLog log = new ChangeLog();
        demote(suspect, ChangeReason.TAMPERING, nowMs, log);
        return new ReportResult(ReportVerdict.ACTED, finish(ChangeReason.TAMPERING, nowMs, log));
    }

    /** The host's seat moved to another connection: its children are told to follow it. */
    public TreeChanges reseatHost(String newHostId, double nowMs) {
        if (listeners.containsKey(newHostId)) {
            throw new IllegalArgumentException("a listener cannot become the host: " + newHostId);
        }
        TreeNode old = host;
        index.forget(old);
        TreeNode fresh = newHost(newHostId);
        index.forget(fresh);
        ChangeLog log = new ChangeLog();
        for (TreeNode child : old.children) {
            child.parent = fresh;
            child.parentChangedAtMs = nowMs;
            fresh.children.add(child);
            log.moved(child, old, fresh, ChangeReason.HOST_RESEATED);
        }
        old.children.clear();
        index.admit(fresh);
        host = fresh;
        return finish(ChangeReason.HOST_RESEATED, nowMs, log);
    }

    // ---- queries ------------------------------------------------------------------------

    /**
     * The listeners that would be taken, in this order, as substitutes should relays leave now
     * (rule 3): each would adopt up to a whole fanout of children at once. At most {@code count}.
     */
    public List<String> nextSubstitutes(int count) {
        return index.nextRelayLeaves(count).stream().map(n -> n.id).toList();
    }

    /**
     * The standby links the tree wants now (rule 3, understudies): brings every relay's understudy
     * up to date first. Call it after each operation whose changes are told to peers; the caller
     * opens the links that are new and ends those no longer wanted (unless they became real).
     */
    public List<StandbyLink> refreshStandbyLinks() {
        return understudies.refresh(listeners, index.relayLeaves());
    }

    public String hostId() {
        return host.id;
    }

    public TreeLimits limits() {
        return limits;
    }

    /** Listeners in the tree, attached or waiting (the host not counted). */
    public int size() {
        return listeners.size();
    }

    public boolean contains(String listenerId) {
        return listeners.containsKey(listenerId);
    }

    /** The listener's parent; empty while it waits. */
    public Optional<String> parentOf(String listenerId) {
        TreeNode parent = listener(listenerId).parent;
        return parent == null ? Optional.empty() : Optional.of(parent.id);
    }

    /** The children of a listener or of the host, in the order they were attached. */
    public List<String> childrenOf(String peerId) {
        TreeNode node = host.id.equals(peerId) ? host : listener(peerId);
        List<String> ids = new ArrayList<>(node.children.size());
        node.children.forEach(child -> ids.add(child.id));
        return ids;
    }

    /** Hops from the host (its children are at depth 1); empty while the listener is not connected to it. */
    public OptionalInt depthOf(String listenerId) {
        TreeNode node = listener(listenerId);
        return node.attached() ? OptionalInt.of(node.depth) : OptionalInt.empty();
    }

    /** Depth of the deepest listener connected to the host; 0 for an empty tree. */
    public int maxDepth() {
        return index.maxDepth();
    }

    /** True while the listener may feed children: it declared it can and was never demoted. */
    public boolean isRelay(String listenerId) {
        return listener(listenerId).relays();
    }

    /** True while the listener has no parent for want of a free slot. */
    public boolean isWaiting(String listenerId) {
        return listener(listenerId).parent == null;
    }

    public int waitingCount() {
        int count = 0;
        for (TreeNode root : waiting) {
            count += subtreeSize(root);
        }
        return count;
    }

    /** Every listener id, in no particular order (a copy). */
    public List<String> listenerIds() {
        return new ArrayList<>(listeners.keySet());
    }

    /**
     * Checks the structure in O(N): every listener reachable from the host or under a waiting
     * root, no cycles, depths, fanout bounds, non-relays childless, nobody waiting beside a free
     * slot, and the placement indexes agreeing with a full scan. For tests and simulations.
     *
     * @throws IllegalStateException naming the first violations found
     */
    public void checkInvariants() {
        List<String> violations = TreeInvariants.violations(host, listeners, waiting, index);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("relay tree invariants broken: " + violations);
        }
    }

    // ---- internals ----------------------------------------------------------------------

    private TreeNode listener(String listenerId) {
        TreeNode node = listeners.get(listenerId);
        if (node == null) {
            throw new IllegalArgumentException("not a listener of this relay tree: " + listenerId);
        }
        return node;
    }

    /** The common checks of both reports, in order; null when the report may be acted on. */
    private ReportVerdict refusal(TreeNode reporter, String suspectId, double nowMs) {
        if (reporter == null) {
            return ReportVerdict.UNKNOWN_REPORTER;
        }
        if (!reporter.reports.tryAcquire(nowMs)) {
            return ReportVerdict.RATE_LIMITED;
        }
        if (reporter.parent == null || !reporter.parent.id.equals(suspectId)) {
            return ReportVerdict.NOT_CURRENT_PARENT;
        }
        if (!reporter.attached()) {
            return ReportVerdict.NO_ALTERNATIVE_PARENT;
        }
        return null;
    }

    /** True if the node or any listener above it reported its own parent starving within {@link #STARVING_CLAIM_MS}. */
    private static boolean upstreamStarving(TreeNode node, double nowMs) {
        return anyListenerFrom(node, n -> nowMs - n.starvingClaimedAtMs < STARVING_CLAIM_MS);
    }

    /** True if the node or any listener above it had its parent changed within the grace period. */
    private static boolean upstreamRecovering(TreeNode node, double nowMs) {
        return anyListenerFrom(node, n -> nowMs - n.parentChangedAtMs < UPSTREAM_GRACE_MS);
    }

    /** True if {@code node} or a listener on its way up to the host (the host not included) matches. */
    private static boolean anyListenerFrom(TreeNode node, Predicate<TreeNode> test) {
        for (TreeNode n = node; n != null && !n.isHost; n = n.parent) {
            if (test.test(n)) {
                return true;
            }
        }
        return false;
    }

    private TreeChanges depart(String listenerId, ChangeReason reason, double nowMs) {
        TreeNode gone = listeners.get(listenerId);
        if (gone == null) {
            return TreeChanges.NONE;
        }
        ChangeLog log = new ChangeLog();
        TreeNode parent = gone.parent;
        if (!gone.attached()) {
            if (parent == null) {
                waiting.remove(gone);
            } else {
                parent.children.remove(gone);
            }
            for (TreeNode child : gone.children) {
                child.parent = null;
                waiting.add(child);
                log.moved(child, gone, null, reason);
            }
            gone.children.clear();
        } else if (gone.isLeaf()) {
            detachSubtree(gone);
        } else {
            TreeNode substitute = substituteFor(gone);
            if (substitute != null) {
                substitute(gone, substitute, reason, nowMs, log);
            } else {
                List<TreeNode> orphans = detachChildren(gone);
                detachSubtree(gone);
                placeOrphans(orphans, gone, reason, nowMs, log);
            }
        }
        listeners.remove(listenerId);
        log.departed(gone, parent, reason);
        return finish(reason, nowMs, log);
    }

    /** Rule 6: the relay becomes a leaf for good; its children go to a substitute or elsewhere. */
    private void demote(TreeNode relay, ChangeReason reason, double nowMs, ChangeLog log) {
        index.forget(relay);
        relay.demoted = true;
        index.admit(relay);
        log.demoted(relay, reason);
        if (relay.isLeaf()) {
            return;
        }
        TreeNode substitute = substituteFor(relay);
        if (substitute == null) {
            placeOrphans(detachChildren(relay), relay, reason, nowMs, log);
            return;
        }
        TreeNode oldParent = relay.parent;
        substitute(relay, substitute, reason, nowMs, log);
        placeOrWait(relay, oldParent, null, reason, nowMs, log);
    }

    /**
     * The substitute (a relay-capable leaf, so never an ancestor of anyone) takes the slot of
     * {@code vacated} under its parent and adopts all its children; their depths do not change.
     * Leaves {@code vacated} detached, without parent or children.
     */
    private void substitute(TreeNode vacated, TreeNode substitute, ChangeReason reason, double nowMs, ChangeLog log) {
        TreeNode substituteOldParent = substitute.parent;
        index.forget(substitute);
        index.forget(substituteOldParent);
        substituteOldParent.children.remove(substitute);
        index.admit(substituteOldParent);

        TreeNode parent = vacated.parent;
        index.forget(vacated);
        index.forget(parent);
        parent.children.remove(vacated);
        parent.children.add(substitute);
        index.admit(parent);
        substitute.parent = parent;
        substitute.depth = vacated.depth;
        substitute.parentChangedAtMs = nowMs;
        for (TreeNode child : vacated.children) {
            child.parent = substitute;
            child.parentChangedAtMs = nowMs;
            substitute.children.add(child);
            log.moved(child, vacated, substitute, reason);
        }
        vacated.children.clear();
        vacated.parent = null;
        vacated.depth = TreeNode.DETACHED;
        index.admit(substitute);
        log.moved(substitute, substituteOldParent, parent, reason);
    }

    /** Rule 3's substitute for a relay with children: its understudy while that fits, else the deepest relay leaf. */
    private TreeNode substituteFor(TreeNode relay) {
        TreeNode understudy = understudies.of(relay, listeners);
        return understudy != null ? understudy : index.deepestRelayLeaf();
    }

    /** Detaches every child of {@code from} with its subtree; relay-capable ones first, as they bring slots. */
    private List<TreeNode> detachChildren(TreeNode from) {
        List<TreeNode> orphans = new ArrayList<>(from.children);
        orphans.sort((a, b) -> Boolean.compare(b.relays(), a.relays()));
        for (TreeNode orphan : orphans) {
            detachSubtree(orphan);
        }
        return orphans;
    }

    /** Places detached orphans (with their subtrees) like new listeners, never under {@code from}. */
    private void placeOrphans(List<TreeNode> orphans, TreeNode from, ChangeReason reason, double nowMs, ChangeLog log) {
        for (TreeNode orphan : orphans) {
            placeOrWait(orphan, from, from, reason, nowMs, log);
        }
    }

    /** Attaches a detached subtree root under the shallowest free slot (not {@code excluded}), or queues it. */
    private void placeOrWait(TreeNode root, TreeNode oldParent, TreeNode excluded, ChangeReason reason,
                             double nowMs, ChangeLog log) {
        TreeNode slot = index.shallowestOpenSlot(excluded);
        if (slot == null) {
            waiting.add(root);
            log.moved(root, oldParent, null, reason);
            return;
        }
        attachSubtree(root, slot, nowMs);
        log.moved(root, oldParent, slot, reason);
    }

    /** The end of every operation: the waiting are placed, then leaves promoted (rule 8). */
    private TreeChanges finish(ChangeReason reason, double nowMs, ChangeLog log) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            TreeNode slot = index.shallowestOpenSlot(null);
            if (slot == null) {
                break;
            }
            TreeNode root = it.next();
            it.remove();
            attachSubtree(root, slot, nowMs);
            log.moved(root, null, slot, reason);
        }
        int tolerated = limits.balancedDepth(listeners.size()) + PROMOTION_DEPTH_SLACK;
        for (int i = 0; i < PROMOTIONS_PER_OPERATION_MAX; i++) {
            TreeNode leaf = index.deepestLeaf();
            TreeNode slot = index.shallowestOpenSlot(null);
            if (leaf == null || slot == null || leaf.depth <= tolerated || leaf.depth <= slot.depth + 1) {
                break;
            }
            TreeNode oldParent = leaf.parent;
            detachSubtree(leaf);
            attachSubtree(leaf, slot, nowMs);
            log.moved(leaf, oldParent, slot, ChangeReason.PROMOTED);
        }
        return log.build();
    }

    /** Hangs a detached subtree under {@code parent}; depths below are set and indexed. */
    private void attachSubtree(TreeNode root, TreeNode parent, double nowMs) {
        index.forget(parent);
        parent.children.add(root);
        index.admit(parent);
        root.parent = parent;
        root.parentChangedAtMs = nowMs;
        Deque<TreeNode> pending = new ArrayDeque<>();
        root.depth = parent.depth + 1;
        pending.push(root);
        while (!pending.isEmpty()) {
            TreeNode node = pending.pop();
            for (TreeNode child : node.children) {
                child.depth = node.depth + 1;
                pending.push(child);
            }
            index.admit(node);
        }
    }

    /** Unhooks a subtree from its parent (if any); it and everything below leave the indexes. */
    private void detachSubtree(TreeNode root) {
        TreeNode parent = root.parent;
        if (parent != null) {
            index.forget(parent);
            parent.children.remove(root);
            index.admit(parent);
            root.parent = null;
        }
        Deque<TreeNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            TreeNode node = pending.pop();
            index.forget(node);
            node.depth = TreeNode.DETACHED;
            pending.addAll(node.children);
        }
    }

    private static int subtreeSize(TreeNode root) {
        int count = 0;
        Deque<TreeNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            TreeNode node = pending.pop();
            count++;
            pending.addAll(node.children);
        }
        return count;
    }
}
