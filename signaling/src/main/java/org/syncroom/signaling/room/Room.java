package org.syncroom.signaling.room;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.PlaybackState;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.protocol.TrackInfo;

/**
 * One listening room: a host seat with the host's signing key, the listeners, who feeds whom
 * (the topology), the announced track and the playback state. All membership changes and
 * broadcasts happen under the room's lock, so every peer sees the same order of events.
 */
public final class Room {
    private final String id;
    private final String hostToken;
    private final String inviteToken;
    private final int maxListeners;
    private final Map<String, Peer> listeners = new LinkedHashMap<>();
    private final RoomTopology topology = new StarTopology();
    private Peer host;
    private String hostKey;
    private TrackInfo track;
    private PlaybackState playback = PlaybackState.stopped();
    private int trackSeq;
    private double emptySince;

    Room(String id, String hostToken, String inviteToken, int maxListeners, double createdAt) {
        this.id = id;
        this.hostToken = hostToken;
        this.inviteToken = inviteToken;
        this.maxListeners = maxListeners;
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

    /** Seats {@code peer} as host, signing with {@code key}; its children follow the new connection. */
    synchronized void seatHost(Peer peer, String key) {
        Peer previous = host;
        host = peer;
        hostKey = key;
        peer.enter(this, Role.HOST);
        if (previous != null && previous != peer) {
            previous.leave();
            previous.send(new ServerMessage.Failure(ErrorCode.NOT_HOST.wireName(),
                    "host rights were resumed from another connection"));
        }
        peer.send(joinedMessage(Role.HOST, peer));
        broadcastToListeners(new ServerMessage.PeerJoined(peer.id(), Role.HOST.wireName(), hostKey));
        for (String child : topology.childrenOf(RoomTopology.HOST)) {
            send(child, new ServerMessage.Upstream(peer.id()));
        }
    }

    synchronized void admitListener(Peer peer, boolean canRelay) throws ProtocolException {
        if (listeners.size() >= maxListeners) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room already has " + maxListeners + " listeners");
        }
        listeners.put(peer.id(), peer);
        peer.enter(this, Role.LISTENER);
        List<RoomTopology.Move> moves = topology.join(peer.id(), canRelay);
        peer.send(joinedMessage(Role.LISTENER, peer));
        if (host != null) {
            host.send(new ServerMessage.PeerJoined(peer.id(), Role.LISTENER.wireName(), null));
        }
        apply(moves, peer.id());
    }

    /**
     * A listener's report about its upstream peer. Only a report about the parent the server
     * gave it counts; anything else changes nothing.
     */
    synchronized void report(Peer reporter, RoomTopology.Problem problem, String aboutPeerId) {
        if (!listeners.containsKey(reporter.id())) {
            return;
        }
        String parent = topology.parentOf(reporter.id()).map(this::peerIdOf).orElse(null);
        if (parent == null || !parent.equals(aboutPeerId)) {
            return;
        }
        apply(topology.report(reporter.id(), problem), null);
    }

    /** Tells every peer a move concerns; {@code placed} already learnt its parent from {@code joined}. */
    private void apply(List<RoomTopology.Move> moves, String placed) {
        for (RoomTopology.Move move : moves) {
            String newParent = peerIdOf(move.newParent());
            if (!move.child().equals(placed) && newParent != null) {
                send(move.child(), new ServerMessage.Upstream(newParent));
            }
            if (newParent != null) {
                send(newParent, new ServerMessage.Feed(move.child()));
            }
            String oldParent = move.oldParent() == null ? null : peerIdOf(move.oldParent());
            if (oldParent != null) {
                send(oldParent, new ServerMessage.Unfeed(move.child()));
            }
        }
    }

    /** The connection behind a topology node; null for the host's seat while it is empty. */
    private String peerIdOf(String node) {
        if (RoomTopology.HOST.equals(node)) {
            return host == null ? null : host.id();
        }
        return node;
    }

    private void send(String peerId, ServerMessage message) {
        Peer target = host != null && host.id().equals(peerId) ? host : listeners.get(peerId);
        if (target != null) {
            target.send(message);
        }
    }

    synchronized void remove(Peer peer, double now) {
        Role role;
        if (peer == host) {
            host = null;
            role = Role.HOST;
        } else if (listeners.remove(peer.id()) != null) {
            role = Role.LISTENER;
            apply(topology.leave(peer.id()), null);
        } else {
            return;
        }
        peer.leave();
        ServerMessage left = new ServerMessage.PeerLeft(peer.id(), role.wireName());
        broadcastToListeners(left);
        if (host != null) {
            host.send(left);
        }
        if (host == null && listeners.isEmpty()) {
            emptySince = now;
        }
    }

    synchronized void relay(Peer from, String to, JsonNode data) throws ProtocolException {
        Peer target = host != null && host.id().equals(to) ? host : listeners.get(to);
        if (target == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no peer \"" + to + "\" in this room");
        }
        target.send(new ServerMessage.Signal(from.id(), data));
    }

    synchronized void announce(Peer sender, String title, double durationSec, int sampleRate, int channels,
                               int chunkFrames, String codec) throws ProtocolException {
        requireHost(sender);
        trackSeq++;
        track = new TrackInfo(trackSeq, title, durationSec, sampleRate, channels, chunkFrames, codec);
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
        playback = new PlaybackState(playback.version() + 1, track.trackSeq(), nowPlaying, position, at);
        broadcastToAll(new ServerMessage.Playback(playback));
    }

    synchronized boolean abandonedSince(double cutoff) {
        return host == null && listeners.isEmpty() && emptySince <= cutoff;
    }

    private void requireHost(Peer sender) throws ProtocolException {
        if (sender != host) {
            throw new ProtocolException(ErrorCode.NOT_HOST, "only the host of the room may do that");
        }
    }

    private ServerMessage.Joined joinedMessage(Role role, Peer peer) {
        List<String> ids = role == Role.HOST ? new ArrayList<>(listeners.keySet()) : List.of();
        String node = role == Role.HOST ? RoomTopology.HOST : peer.id();
        String upstream = role == Role.HOST ? null : topology.parentOf(peer.id()).map(this::peerIdOf).orElse(null);
        return new ServerMessage.Joined(id, role.wireName(), host == null ? null : host.id(), ids, track, playback,
                role == Role.HOST ? null : hostKey, upstream, new ArrayList<>(topology.childrenOf(node)));
    }

    private void broadcastToAll(ServerMessage message) {
        if (host != null) {
            host.send(message);
        }
        broadcastToListeners(message);
    }

    private void broadcastToListeners(ServerMessage message) {
        for (Peer listener : listeners.values()) {
            listener.send(message);
        }
    }
}
