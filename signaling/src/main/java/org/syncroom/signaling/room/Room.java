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
 * One listening room: a host seat, the listeners, the announced track and the playback
 * state. All membership changes and broadcasts happen under the room's lock, so every peer
 * sees the same order of events.
 */
public final class Room {
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
            previous.send(new ServerMessage.Failure(ErrorCode.NOT_HOST.wireName(),
                    "host rights were resumed from another connection"));
        }
        peer.send(joinedMessage(Role.HOST));
        broadcastToListeners(new ServerMessage.PeerJoined(peer.id(), Role.HOST.wireName()));
    }

    synchronized void admitListener(Peer peer) throws ProtocolException {
        if (listeners.size() >= maxListeners) {
            throw new ProtocolException(ErrorCode.ROOM_FULL, "room already has " + maxListeners + " listeners");
        }
        listeners.put(peer.id(), peer);
        peer.enter(this, Role.LISTENER);
        peer.send(joinedMessage(Role.LISTENER));
        if (host != null) {
            host.send(new ServerMessage.PeerJoined(peer.id(), Role.LISTENER.wireName()));
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

    private ServerMessage.Joined joinedMessage(Role role) {
        List<String> ids = role == Role.HOST ? new ArrayList<>(listeners.keySet()) : List.of();
        return new ServerMessage.Joined(id, role.wireName(), host == null ? null : host.id(), ids, track, playback);
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
