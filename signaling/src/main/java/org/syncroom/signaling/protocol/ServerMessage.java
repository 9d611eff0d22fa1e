package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Everything the server sends to a browser. See docs/protocol.md. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.TimeResponse.class, name = "time-response"),
    @JsonSubTypes.Type(value = ServerMessage.RoomCreated.class, name = "room-created"),
    @JsonSubTypes.Type(value = ServerMessage.Joined.class, name = "joined"),
    @JsonSubTypes.Type(value = ServerMessage.PeerJoined.class, name = "peer-joined"),
    @JsonSubTypes.Type(value = ServerMessage.PeerLeft.class, name = "peer-left"),
    @JsonSubTypes.Type(value = ServerMessage.Signal.class, name = "signal"),
    @JsonSubTypes.Type(value = ServerMessage.Track.class, name = "track"),
    @JsonSubTypes.Type(value = ServerMessage.Playback.class, name = "playback"),
    @JsonSubTypes.Type(value = ServerMessage.Upstream.class, name = "upstream"),
    @JsonSubTypes.Type(value = ServerMessage.Feed.class, name = "feed"),
    @JsonSubTypes.Type(value = ServerMessage.Unfeed.class, name = "unfeed"),
    @JsonSubTypes.Type(value = ServerMessage.Spares.class, name = "spares"),
    @JsonSubTypes.Type(value = ServerMessage.StandbyFeed.class, name = "standby-feed"),
    @JsonSubTypes.Type(value = ServerMessage.StandbyUpstream.class, name = "standby-upstream"),
    @JsonSubTypes.Type(value = ServerMessage.StandbyEnd.class, name = "standby-end"),
    @JsonSubTypes.Type(value = ServerMessage.IceConfig.class, name = "ice-config"),
    @JsonSubTypes.Type(value = ServerMessage.Roster.class, name = "roster"),
    @JsonSubTypes.Type(value = ServerMessage.Failure.class, name = "error"),
})
public sealed interface ServerMessage {

    /** First message on every connection: the identity the server gave this socket. */
    record Welcome(String peerId, double serverTime) implements ServerMessage {}

    /** Answer to a probe: {@code t1} when the request was read, {@code t2} just before this was sent. */
    record TimeResponse(double t0, double t1, double t2) implements ServerMessage {}

    /** The sender now hosts {@code roomId}; the host token is for {@code resume-host} only. */
    record RoomCreated(String roomId, String hostToken, String inviteUrl) implements ServerMessage {}

    /**
     * The sender is in a room; {@code track} is null until the host announces one. A listener
     * learns the host's signing key and its upstream peer (its parent in the relay tree, null
     * while it waits for a free slot); any member learns the peers it must feed. The host gets
     * the room's {@code inviteUrl} (null for a listener), after a resume as after a create.
     */
    record Joined(String roomId, Role role, String hostPeerId, List<String> listeners, TrackInfo track,
                  PlaybackState playback, String hostKey, String upstreamPeerId, List<String> feed,
                  String inviteUrl)
            implements ServerMessage {}

    /** A member joined; for the host, {@code hostKey} is the key it signs with from now on. */
    record PeerJoined(String peerId, Role role, String hostKey) implements ServerMessage {}

    /**
     * To a listener: take audio and pulses from {@code peerId} from now on. {@code offer}, when
     * not null, is that peer's offer for this listener (one of its spare offers): answer it.
     */
    record Upstream(String peerId, SpareOffer offer) implements ServerMessage {
        public Upstream(String peerId) {
            this(peerId, null);
        }
    }

    /**
     * To a member: open a link to {@code peerId} and feed it; {@code spareId}, when not null,
     * names the spare offer of this member's that the server already handed to that peer.
     */
    record Feed(String peerId, String spareId) implements ServerMessage {
        public Feed(String peerId) {
            this(peerId, null);
        }
    }

    /** To a member: stop feeding {@code peerId}. */
    record Unfeed(String peerId) implements ServerMessage {}

    /**
     * To a relay: keep {@code count} connections ready with their offers made. The few listeners
     * next in line to take over a departing relay's children are asked for a whole fanout.
     */
    record Spares(int count) implements ServerMessage {}

    /**
     * Right after {@code welcome}: the ICE configuration this page gives every peer connection
     * it makes ({@code RTCConfiguration.iceServers} and {@code iceTransportPolicy}, W3C WebRTC
     * §4.2.1). TURN entries carry credentials minted for this peer, valid until
     * {@code expiresAtUnixSec} (null when there are none).
     */
    record IceConfig(List<IceServer> iceServers, String iceTransportPolicy, Long expiresAtUnixSec)
            implements ServerMessage {
        public static final String POLICY_ALL = "all";
        public static final String POLICY_RELAY = "relay";

        public IceConfig {
            iceServers = List.copyOf(iceServers);
        }
    }

    /** One {@code RTCIceServer}: STUN URLs alone, TURN URLs with their username and credential. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record IceServer(List<String> urls, String username, String credential) {
        public IceServer {
            urls = List.copyOf(urls);
        }
    }

    /**
     * To a relay's understudy: open a standby link to {@code peerId} (a child of that relay) and
     * keep it idle; a later {@code feed} of that peer uses it.
     */
    record StandbyFeed(String peerId) implements ServerMessage {}

    /**
     * To a listener: accept a standby link from {@code peerId} (its parent's understudy) and take
     * nothing from it; a later {@code upstream} naming that peer uses it.
     */
    record StandbyUpstream(String peerId) implements ServerMessage {}

    /** To either end of a standby link: it is no longer wanted; close it unless it became real. */
    record StandbyEnd(String peerId) implements ServerMessage {}

    record PeerLeft(String peerId, Role role) implements ServerMessage {}

    /** A relayed WebRTC payload; {@code from} is set by the server, never by the sender. */
    record Signal(String from, SignalData data) implements ServerMessage {}

    record Track(TrackInfo track) implements ServerMessage {}

    record Playback(PlaybackState playback) implements ServerMessage {}

    /**
     * To everyone in the room, a few times a second at most: the host's entry first (when the
     * seat is held), then the first {@link #MAX_LISTENER_ENTRIES} listeners in the order they
     * joined; {@code listenerCount} counts them all. The host's copy also says how the room's
     * last restart landed ({@code restart}, null when no listener measured it yet).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Roster(List<RosterEntry> entries, int listenerCount, RestartSummary restart) implements ServerMessage {
        public static final int MAX_LISTENER_ENTRIES = 49;
        /** {@code {"type":"roster","entries":[],"listenerCount":}} and the count's digits. */
        private static final int FRAME_BYTES = 60;
        /** {@code ,"restart":{"at":,"reported":,"minLeadMs":}} and three numbers at their longest. */
        private static final int RESTART_BYTES = 45 + 3 * 24;

        public Roster {
            entries = List.copyOf(entries);
        }

        /** A roster without a restart summary (what listeners get). */
        public Roster(List<RosterEntry> entries, int listenerCount) {
            this(entries, listenerCount, null);
        }

        /** The host's copy: this roster with {@code summary}. */
        public Roster withRestart(RestartSummary summary) {
            return new Roster(entries, listenerCount, summary);
        }

        /** An upper bound of this message's size as JSON (UTF-8 bytes); see {@link RosterEntry#maxWireBytes()}. */
        public int maxWireBytes() {
            int bytes = FRAME_BYTES + (restart == null ? 0 : RESTART_BYTES);
            for (RosterEntry entry : entries) {
                bytes += entry.maxWireBytes() + 1;
            }
            return bytes;
        }
    }

    /**
     * How the room's last restart (play or seek at {@code at}) landed: of {@code reported}
     * listeners that measured it, the least time the audio at the new position arrived before
     * {@code at} ({@code minLeadMs}, negative: late). The host stamps its next commands from it.
     */
    record RestartSummary(double at, int reported, double minLeadMs) {}

    /** A refused request. The connection and the room carry on. */
    record Failure(ErrorCode code, String message) implements ServerMessage {
        public static Failure of(ProtocolException e) {
            return new Failure(e.code(), e.getMessage());
        }
    }
}
