package org.syncroom.signaling.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.protocol.CloseReason;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.PlaybackState;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.protocol.SignalData;
import org.syncroom.signaling.protocol.SpareOffer;
import org.syncroom.signaling.protocol.TrackInfo;
import org.syncroom.signaling.together.Plays;
import org.syncroom.signaling.topology.Assignment;
import org.syncroom.signaling.topology.RelayTree;
import org.syncroom.signaling.topology.StandbyLink;
import org.syncroom.signaling.topology.ReportResult;
import org.syncroom.signaling.topology.ReportVerdict;
import org.syncroom.signaling.topology.TreeChanges;
import org.syncroom.signaling.topology.TreeLimits;

/**
 * One listening room: a host seat with the host's signing key, the listeners, the relay tree
 * of who feeds whom (topology/), the announced track and the playback state. All membership
 * changes and broadcasts happen under the room's lock, so every peer sees the same order of
 * events. Every change of the tree becomes {@code upstream} (to the child), {@code feed} (to
 * its new parent) and {@code unfeed} (to its old one). Broadcasts go over a snapshot of the members, and each send
 * is isolated, so a member failing (or leaving) mid-broadcast cannot break it for the rest.
 */
public final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);
    /** The host's node in the tree, whichever connection holds the seat. */
    static final String HOST_NODE = "host";
    /** How many substitutes stand by: relays leaving at the same moment, each needing one. */
    static final int STANDBY_SUBSTITUTES = 16;
    /** The most spare offers a page is asked to keep (docs/protocol.md, {@code spares}), whatever the fanout. */
    static final int MAX_SPARES = 8;
    /**
     * A listener whose link to its parent never opened, with no other parent to go to, gets a
     * fresh link from the same parent, at most this often (ms): a first link through TURN from a
     * browser that just started can take longer than the listener's 3 s, and once given up on it
     * was never made again (the listener waited, silent, for the rest of the track).
     */
    static final double RELINK_SAME_PARENT_EVERY_MS = 6_000;
    /**
     * ... and at most this many times per listener: every link is a peer connection on both pages,
     * and Chrome allows a tab 500 over its lifetime; a listener that can never connect (UDP and
     * TURN blocked) waits and says so instead of spending them.
     */
    static final int MAX_RELINKS_SAME_PARENT = 5;
    private final String id;
    private final String hostToken;
    private final String inviteToken;
    private final int maxListeners;
    private final Map<String, Peer> listeners = new LinkedHashMap<>();
    private final RelayTree tree;
    private final Plays plays;
    private Peer host;
    private String hostKey;
    private TrackInfo track;
    private PlaybackState playback = PlaybackState.stopped();
    private int trackSeq;
    /** The current track's key on the public globe; null when the host did not put it there. */
    private String globeTrackKey;
    /** The playback version at which the room last started playing (a play after a pause or a new track). */
    private long playingSinceVersion;
    private double emptySince;
    /**
     * The listeners next in line to take over a departing relay's children (RelayTree's
     * substitutes), asked to keep a whole fanout of spare offers: when relays leave together each
     * of these adopts up to a fanout of orphans at once, and a spare answers each at once.
     */
    private Set<String> standby = Set.of();
    /** The standby links open now (told to both ends), the tree's understudies to their relays' children. */
    private Set<StandbyLink> standbyLinks = Set.of();
    /** Spare offers of the pages that feed others (the host's under its peer id), by peer id. */
    private final Map<String, SpareOfferShelf> shelves = new HashMap<>();
    /** The fresh links from the same parent each listener got: how many, the last when (see RELINK_SAME_PARENT_EVERY_MS). */
    private final Map<String, Relinks> relinks = new HashMap<>();
    /** What each member last said of itself, for the roster. */
    private final MemberStatuses statuses;
    private final RosterPacing rosterPacing = new RosterPacing();
    private final RosterCounters rosterCounters;

    Room(String id, String hostToken, String inviteToken, TreeLimits treeLimits, Plays plays, double createdAt,
         RosterCounters rosterCounters) {
        this.plays = plays;
        this.rosterCounters = rosterCounters;
        this.statuses = new MemberStatuses(rosterCounters);
        this.id = id;
        this.hostToken = hostToken;
        this.inviteToken = inviteToken;
        this.maxListeners = treeLimits.maxListeners();
        this.tree = new RelayTree(HOST_NODE, treeLimits);
        this.emptySince = createdAt;
    }

    public String id() {
        return id;
    }

    String hostToken() {
        return hostToken;
    }

    String inviteToken() {
        return inviteToken;
    }

    /**
     * Seats {@code peer} as host, signing with {@code key}; the host's children follow the new
     * connection. Its {@code joined} carries {@code inviteUrl}, so a resumed host can share it again.
     */
    synchronized void seatHost(Peer peer, String key, String inviteUrl) {
        Peer previous = host;
        host = peer;
        hostKey = key;
        peer.enter(this, Role.HOST);
        if (previous != null && previous != peer) {
            previous.leave();
            sendIsolated(previous, new ServerMessage.Failure(ErrorCode.NOT_HOST,
                    "host rights were resumed from another connection"));
        }
        peer.send(joinedMessage(Role.HOST, peer, inviteUrl));
        if (previous != null && previous != peer) {
            statuses.forget(previous.id());
        }
        rosterPacing.changed();
        broadcastToListeners(new ServerMessage.PeerJoined(peer.id(), Role.HOST, hostKey));
        for (String child : tree.childrenOf(HOST_NODE)) {
            sendTo(child, new ServerMessage.Upstream(peer.id()));
        }
    }

    synchronized void admitListener(Peer peer, boolean canRelay, double now) throws ProtocolException {
        if (listeners.size() >= maxListeners) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room already has " + maxListeners + " listeners");
        }
        listeners.put(peer.id(), peer);
        peer.enter(this, Role.LISTENER);
        TreeChanges changes = tree.join(peer.id(), canRelay, now);
        rosterPacing.changed();
        peer.send(joinedMessage(Role.LISTENER, peer, null));
        if (host != null) {
            sendIsolated(host, new ServerMessage.PeerJoined(peer.id(), Role.LISTENER, null));
        }
        apply(changes, peer.id());
    }

    /**
     * A listener's report about its upstream peer. The tree believes only reports about the
     * parent it assigned, and only so many per listener; everything else changes nothing.
     */
    synchronized ReportVerdict report(Peer reporter, UpstreamProblem problem, String aboutPeerId, double now) {
        if (!listeners.containsKey(reporter.id())) {
            return ReportVerdict.UNKNOWN_REPORTER;
        }
        String suspect = host != null && host.id().equals(aboutPeerId) ? HOST_NODE : aboutPeerId;
        ReportResult result = problem == UpstreamProblem.TAMPERING
                ? tree.reportTampering(reporter.id(), suspect, now)
                : tree.reportStarving(reporter.id(), suspect, now);
        apply(result.changes(), null);
        log.info("room {}: {} reported {} {}: {}", id, reporter.id(), aboutPeerId, problem, result.verdict());
        if (problem == UpstreamProblem.UNREACHABLE && result.verdict() == ReportVerdict.NO_ALTERNATIVE_PARENT) {
            relinkSameParent(reporter.id(), suspect, now);
        }
        return result.verdict();
    }

    /**
     * Asks the parent of {@code childId} (tree node {@code parentNode}, still its parent) for a
     * fresh link to it, and tells the child, as a move to that same parent would: at most every
     * {@link #RELINK_SAME_PARENT_EVERY_MS} and {@link #MAX_RELINKS_SAME_PARENT} times per child.
     */
    private void relinkSameParent(String childId, String parentNode, double now) {
        String parent = peerIdOf(parentNode);
        Relinks before = relinks.getOrDefault(childId, Relinks.NONE);
        if (parent == null || !tree.parentOf(childId).map(parentNode::equals).orElse(false)
                || now - before.lastAt() < RELINK_SAME_PARENT_EVERY_MS || before.count() >= MAX_RELINKS_SAME_PARENT) {
            return;
        }
        relinks.put(childId, new Relinks(before.count() + 1, now));
        SpareOffer offer = takeSpareOffer(parent);
        sendTo(childId, new ServerMessage.Upstream(parent, offer));
        sendTo(parent, new ServerMessage.Feed(childId, offer == null ? null : offer.id()));
        log.info("room {}: {} asked again for a link to {}", id, parent, childId);
    }

    /** How many fresh links from the same parent a listener got, and when the last. */
    private record Relinks(int count, double lastAt) {
        static final Relinks NONE = new Relinks(0, Double.NEGATIVE_INFINITY);
    }

    /** Depth of the deepest listener below the host (0 when the room has none). */
    synchronized int treeDepth() {
        return tree.maxDepth();
    }

    /** Tells every peer a change concerns; {@code placed} already learnt its parent from {@code joined}. */
    private void apply(TreeChanges changes, String placed) {
        for (Assignment move : changes.assignments()) {
            String newParent = peerIdOf(move.newParentId());
            // A move along a standby link (an understudy taking over its relay's children) needs
            // no offer: the link is open already, and both ends use it on these very orders.
            boolean standby = newParent != null
                    && standbyLinks.contains(new StandbyLink(move.newParentId(), move.childId()));
            // Else the new parent's spare offer goes to the child with its orders, so the child
            // answers at once: the offer does not first wait for the parent to hear of the child.
            SpareOffer offer = newParent == null || standby ? null : takeSpareOffer(newParent);
            if (!move.childId().equals(placed) || offer != null) {
                // null: no relay has a free slot (or the host's seat is empty), so the listener
                // waits; its page plays out its buffer and says so instead of "in sync". A
                // listener just placed knows its parent from joined, and hears again only for an offer.
                sendTo(move.childId(), new ServerMessage.Upstream(newParent, offer));
            }
            if (newParent != null) {
                sendTo(newParent, new ServerMessage.Feed(move.childId(), offer == null ? null : offer.id()));
            }
            String oldParent = peerIdOf(move.oldParentId());
            if (oldParent != null) {
                sendTo(oldParent, new ServerMessage.Unfeed(move.childId()));
            }
        }
        // A listener that left the room (its socket closed) is not cut off by the server: its
        // page may still be playing over its peer link, as a listener whose server connection
        // dropped does (docs/protocol.md). Its link ends when its page closes it.
        updateStandby();
        updateStandbyLinks();
    }

    /**
     * Opens the standby links the tree wants now and ends those it no longer wants (a link that
     * became a real one, an understudy taking over, is left alone). The child hears first, so it
     * expects the understudy's offer when it comes.
     */
    private void updateStandbyLinks() {
        Set<StandbyLink> next = new LinkedHashSet<>(tree.refreshStandbyLinks());
        for (StandbyLink link : standbyLinks) {
            if (!next.contains(link) && !isRealLink(link)) {
                sendTo(link.childId(), new ServerMessage.StandbyEnd(link.feederId()));
                sendTo(link.feederId(), new ServerMessage.StandbyEnd(link.childId()));
            }
        }
        for (StandbyLink link : next) {
            if (!standbyLinks.contains(link)) {
                sendTo(link.childId(), new ServerMessage.StandbyUpstream(link.feederId()));
                sendTo(link.feederId(), new ServerMessage.StandbyFeed(link.childId()));
            }
        }
        standbyLinks = next;
    }

    /** True when the standby link's two ends are now parent and child in the tree. */
    private boolean isRealLink(StandbyLink link) {
        return tree.contains(link.childId())
                && tree.parentOf(link.childId()).map(link.feederId()::equals).orElse(false);
    }

    /**
     * The spare offers {@code sender} holds ready now (replacing those it named before). Only
     * pages that may feed others keep spares: the host and relays. From a listener that may not
     * (never declared it, or was demoted and has not heard yet) they are dropped: the tree never
     * places anyone under it, so they would never be handed out.
     */
    synchronized void restockSpareOffers(Peer sender, List<SpareOffer> offers) {
        boolean feeds = sender == host || (listeners.containsKey(sender.id()) && tree.isRelay(sender.id()));
        if (feeds) {
            shelves.computeIfAbsent(sender.id(), k -> new SpareOfferShelf()).restock(offers);
        } else {
            shelves.remove(sender.id());
        }
    }

    /** The next spare offer of the page {@code peerId}, now handed out; null when it has none. */
    private SpareOffer takeSpareOffer(String peerId) {
        SpareOfferShelf shelf = shelves.get(peerId);
        return shelf == null ? null : shelf.take();
    }

    /** Tells listeners that became (or stopped being) next-in-line substitutes how many spares to keep. */
    private void updateStandby() {
        Set<String> next = new HashSet<>(tree.nextSubstitutes(STANDBY_SUBSTITUTES));
        if (next.equals(standby)) {
            return;
        }
        int spares = Math.min(tree.limits().listenerFanout(), MAX_SPARES);
        for (String peerId : next) {
            if (!standby.contains(peerId)) {
                sendTo(peerId, new ServerMessage.Spares(spares));
            }
        }
        for (String peerId : standby) {
            if (!next.contains(peerId)) {
                sendTo(peerId, new ServerMessage.Spares(1));
            }
        }
        standby = next;
    }

    /** The connection behind a tree node; null for none, or for the host's seat while it is empty. */
    private String peerIdOf(String node) {
        if (node == null) {
            return null;
        }
        if (HOST_NODE.equals(node)) {
            return host == null ? null : host.id();
        }
        return node;
    }

    private void sendTo(String peerId, ServerMessage message) {
        Peer target = member(peerId);
        if (target != null) {
            sendIsolated(target, message);
        }
    }

    /** The host or listener with that peer id, or null. */
    private Peer member(String peerId) {
        return host != null && host.id().equals(peerId) ? host : listeners.get(peerId);
    }

    synchronized void remove(Peer peer, double now) {
        shelves.remove(peer.id());
        statuses.forget(peer.id());
        rosterPacing.changed();
        Role role;
        if (peer == host) {
            host = null;
            role = Role.HOST;
        } else if (listeners.remove(peer.id()) != null) {
            role = Role.LISTENER;
            relinks.remove(peer.id());
            TreeChanges changes = tree.leave(peer.id(), now);
            apply(changes, null);
            if (!changes.assignments().isEmpty()) {
                log.info("room {}: relay {} left; {} listeners re-parented", id, peer.id(), changes.assignments().size());
            }
        } else {
            return;
        }
        peer.leave();
        ServerMessage left = new ServerMessage.PeerLeft(peer.id(), role);
        if (role == Role.HOST) {
            broadcastToListeners(left);
        } else if (host != null) {
            // As with peer-joined, only the host hears of a listener: telling every listener of
            // every other one costs listeners^2 messages when many leave at once, just when the
            // tree's orphans most need their own messages quickly.
            sendIsolated(host, left);
        }
        if (host == null && listeners.isEmpty()) {
            emptySince = now;
        }
    }

    /**
     * A member's word about itself for the roster; false when it came too soon and was dropped
     * (counted, not answered: see MemberStatuses).
     */
    synchronized boolean memberStatus(Peer sender, MemberStatus status, double now) {
        if (member(sender.id()) != sender) {
            return false;
        }
        boolean taken = statuses.update(sender.id(), status, now);
        if (taken) {
            rosterPacing.changed();
        }
        return taken;
    }

    /**
     * Host only: takes listener {@code peerId} out of the room as if it had left (its children
     * move to other parents, the host hears peer-left), then closes its socket with
     * {@link CloseReason#REMOVED_BY_HOST}, after which its page does not come back by itself.
     */
    synchronized void removeListener(Peer sender, String peerId, double now) throws ProtocolException {
        requireHost(sender);
        Peer target = listeners.get(peerId);
        if (target == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no listener \"" + peerId + "\" in this room");
        }
        remove(target, now);
        log.info("room {}: the host removed listener {}", id, peerId);
        target.close(CloseReason.REMOVED_BY_HOST);
    }

    /**
     * Sends the roster to whoever is due for a changed one (RosterPacing keeps the room within
     * its byte budget); called a few times a second by the server's ticker.
     */
    synchronized void sendRoster(double now) {
        boolean toHost = host != null && rosterPacing.hostDue(now);
        boolean toListeners = !listeners.isEmpty() && rosterPacing.listenersDue(now);
        if (!toHost && !toListeners) {
            return;
        }
        ServerMessage.Roster roster = statuses.roster(host == null ? null : host.id(), listeners.keySet());
        int maxBytes = roster.maxWireBytes();
        if (toHost) {
            ServerMessage.Roster hostCopy = playback.playing()
                    ? roster.withRestart(statuses.restartSummary(playback.at())) : roster;
            sendIsolated(host, hostCopy);
            rosterPacing.sentToHost(now);
            rosterCounters.sent(1, hostCopy.maxWireBytes());
        }
        if (toListeners) {
            broadcastToListeners(roster);
            rosterPacing.sentToListeners(now, maxBytes, listeners.size());
            rosterCounters.sent(listeners.size(), maxBytes);
        }
    }

    /** Hands a WebRTC payload to one member; the server sets {@code from}, never the sender. */
    synchronized void forwardSignal(Peer from, String to, SignalData data) throws ProtocolException {
        Peer target = member(to);
        if (target == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no peer \"" + to + "\" in this room");
        }
        target.send(new ServerMessage.Signal(from.id(), data));
    }

    /**
     * @param globeTrackKey the track's key on the public globe ({@code TrackKey}), or null when
     *                      the host keeps the room off it
     */
    synchronized void announce(Peer sender, String title, double durationSec, int sampleRate, int channels,
                               int chunkFrames, String codec, String globeTrackKey) throws ProtocolException {
        requireHost(sender);
        trackSeq++;
        this.globeTrackKey = globeTrackKey;
        track = new TrackInfo(trackSeq, title, durationSec, sampleRate, channels, chunkFrames, codec,
                globeTrackKey != null);
        playback = new PlaybackState(playback.version() + 1, trackSeq, false, 0, 0);
        broadcastToAll(new ServerMessage.Track(track));
        broadcastToAll(new ServerMessage.Playback(playback));
    }

    /** Applies a host command; {@code playing} null keeps the current play/pause state (seek). */
    synchronized void command(Peer sender, Boolean playing, double position, double at) throws ProtocolException {
        requireHost(sender);
        if (track == null) {
            throw new ProtocolException(ErrorCode.NO_TRACK, "announce a track before play, pause or seek");
        }
        if (position > track.durationSec()) {
            throw new ProtocolException(ErrorCode.BAD_POSITION,
                    "position " + position + " s is past the end of the track (" + track.durationSec() + " s)");
        }
        boolean nowPlaying = playing != null ? playing : playback.playing();
        boolean resumed = nowPlaying && !playback.playing();
        playback = new PlaybackState(playback.version() + 1, track.trackSeq(), nowPlaying, position, at);
        if (resumed) {
            playingSinceVersion = playback.version();
        }
        broadcastToAll(new ServerMessage.Playback(playback));
    }

    /** What became of a listener's {@code hearing}. */
    enum Heard { PLAYED, NOT_A_LISTENER, NOT_ON_GLOBE, NOT_PLAYING_THAT_TRACK, ALREADY_COUNTED }

    /**
     * A listener started hearing track {@code trackSeq}. In a room on the public globe, playing
     * that track, its first word per stretch of playing becomes a play (within its
     * {@link PlayGate} budget), stamped with the server's time and the listener's address.
     */
    synchronized Heard hearing(Peer listener, int trackSeqHeard, double now) {
        if (!listeners.containsKey(listener.id())) {
            return Heard.NOT_A_LISTENER;
        }
        if (globeTrackKey == null) {
            return Heard.NOT_ON_GLOBE;
        }
        if (track == null || trackSeqHeard != track.trackSeq() || !playback.playing()
                || playback.trackSeq() != trackSeqHeard) {
            return Heard.NOT_PLAYING_THAT_TRACK;
        }
        if (!listener.playGate(now).admit(trackSeqHeard, playingSinceVersion, now)) {
            return Heard.ALREADY_COUNTED;
        }
        plays.play((long) now, globeTrackKey, listener.clientAddress(), id);
        return Heard.PLAYED;
    }

    /**
     * Listener {@code sender} measured how the restart at {@code at} landed (RestartSummary); false
     * when it is not a listener of this room.
     */
    synchronized boolean restartLead(Peer sender, double at, double leadMs, double now) {
        if (listeners.get(sender.id()) != sender) {
            return false;
        }
        statuses.restartLead(sender.id(), at, leadMs, now);
        rosterPacing.changed();
        return true;
    }

    synchronized boolean abandonedSince(double cutoff) {
        return host == null && listeners.isEmpty() && emptySince <= cutoff;
    }

    private void requireHost(Peer sender) throws ProtocolException {
        if (sender != host) {
            throw new ProtocolException(ErrorCode.NOT_HOST, "only the host of the room may do that");
        }
    }

    private ServerMessage.Joined joinedMessage(Role role, Peer peer, String inviteUrl) {
        boolean isHost = role == Role.HOST;
        List<String> ids = isHost ? new ArrayList<>(listeners.keySet()) : List.of();
        String upstream = isHost ? null : tree.parentOf(peer.id()).map(this::peerIdOf).orElse(null);
        List<String> feed = new ArrayList<>(tree.childrenOf(isHost ? HOST_NODE : peer.id()));
        return new ServerMessage.Joined(id, role, host == null ? null : host.id(), ids, track, playback,
                isHost ? null : hostKey, upstream, feed, isHost ? inviteUrl : null);
    }

    private void broadcastToAll(ServerMessage message) {
        if (host != null) {
            sendIsolated(host, message);
        }
        broadcastToListeners(message);
    }

    private void broadcastToListeners(ServerMessage message) {
        for (Peer listener : List.copyOf(listeners.values())) {
            sendIsolated(listener, message);
        }
    }

    /** An outbox must not throw; if one does anyway, the others still get the message. */
    private void sendIsolated(Peer peer, ServerMessage message) {
        try {
            peer.send(message);
        } catch (RuntimeException e) {
            log.error("send to peer {} in room {} failed; the broadcast goes on", peer.id(), id, e);
        }
    }
}
