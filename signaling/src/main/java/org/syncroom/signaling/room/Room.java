package org.syncroom.signaling.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.PlaybackState;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.protocol.SignalData;
import org.syncroom.signaling.protocol.TrackInfo;

/**
 * One listening room: a host seat, the listeners, the announced track and the playback
 * state. All membership changes and broadcasts happen under the room's lock, so every peer
 * sees the same order of events. Broadcasts go over a snapshot of the members, and each send
 * is isolated, so a member failing (or leaving) mid-broadcast cannot break it for the rest.
 */
public final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);
    private final String id;
    private final String hostToken;
    private final String inviteToken;
    private final int maxListeners;
    private final Map<String, Peer> listeners = new LinkedHashMap<>();
    private Peer host;
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

    synchronized void seatHost(Peer peer) {
        Peer previous = host;
        host = peer;
        peer.enter(this, Role.HOST);
        if (previous != null && previous != peer) {
            previous.leave();
            sendIsolated(previous, new ServerMessage.Failure(ErrorCode.NOT_HOST,
                    "host rights were resumed from another connection"));
        }
        peer.send(joinedMessage(Role.HOST));
        broadcastToListeners(new ServerMessage.PeerJoined(peer.id(), Role.HOST));
    }

    synchronized void admitListener(Peer peer) throws ProtocolException {
        if (listeners.size() >= maxListeners) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room already has " + maxListeners + " listeners");
        }
        listeners.put(peer.id(), peer);
        peer.enter(this, Role.LISTENER);
        peer.send(joinedMessage(Role.LISTENER));
        if (host != null) {
            sendIsolated(host, new ServerMessage.PeerJoined(peer.id(), Role.LISTENER));
        }
    }

    synchronized void remove(Peer peer, double now) {
        Role role;
        if (peer == host) {
            host = null;
            role = Role.HOST;
        } else if (listeners.remove(peer.id()) != null) {
            role = Role.LISTENER;
        } else {
            return;
        }
        peer.leave();
        ServerMessage left = new ServerMessage.PeerLeft(peer.id(), role);
        broadcastToListeners(left);
        if (host != null) {
            sendIsolated(host, left);
        }
        if (host == null && listeners.isEmpty()) {
            emptySince = now;
        }
    }

    /** Hands a WebRTC payload to one member; the server sets {@code from}, never the sender. */
    synchronized void forwardSignal(Peer from, String to, SignalData data) throws ProtocolException {
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

    private ServerMessage.Joined joinedMessage(Role role) {
        List<String> ids = role == Role.HOST ? new ArrayList<>(listeners.keySet()) : List.of();
        return new ServerMessage.Joined(id, role, host == null ? null : host.id(), ids, track, playback);
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
