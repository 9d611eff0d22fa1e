package org.syncroom.signaling.room;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.Locale;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.nat.IceServers;
import org.syncroom.signaling.protocol.ClientMessage;
import org.syncroom.signaling.protocol.ConnectionKind;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.protocol.ServerMessage;
import org.syncroom.signaling.protocol.TrackTags;
import org.syncroom.signaling.together.TrackKey;

/** Applies one client message on behalf of one peer. Refusals go back to that peer only. */
@Singleton
public final class RoomService {
    /** Host commands may schedule at most this far from the server's now, either way. */
    static final double MAX_COMMAND_SKEW_MS = 60_000;
    /** Longest artist or title tag taken; the track key keeps at most {@link TrackKey#MAX_PART_CHARS} of it. */
    static final int MAX_TAG_CHARS = 200;
    /** Codec names are opaque to the server; only their shape is checked. */
    private static final java.util.regex.Pattern CODEC_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,15}");

    private final RoomRegistry rooms;
    private final ServerClock clock;
    private final Tokens tokens;
    private final InviteUrls inviteUrls;
    private final AddressLimits addressLimits;
    private final IceServers iceServers;

    /** A service that hands pages no ICE servers (tests of rooms alone). */
    public RoomService(RoomRegistry rooms, ServerClock clock, Tokens tokens, InviteUrls inviteUrls,
                       AddressLimits addressLimits) {
        this(rooms, clock, tokens, inviteUrls, addressLimits, IceServers.none());
    }

    @Inject
    public RoomService(RoomRegistry rooms, ServerClock clock, Tokens tokens, InviteUrls inviteUrls,
                       AddressLimits addressLimits, IceServers iceServers) {
        this.rooms = rooms;
        this.clock = clock;
        this.tokens = tokens;
        this.inviteUrls = inviteUrls;
        this.addressLimits = addressLimits;
        this.iceServers = iceServers;
    }

    /** Gives a new connection its server-chosen identity, greets it and hands it its ICE configuration. */
    public Peer connect(String address, Outbox outbox) {
        return connect(address, address, outbox);
    }

    /** @param clientAddress where the listener is for the globe (X-Forwarded-For from a trusted proxy) */
    public Peer connect(String address, String clientAddress, Outbox outbox) {
        Peer peer = new Peer(tokens.id(), address, clientAddress, outbox);
        peer.send(new ServerMessage.Welcome(peer.id(), clock.nowMillis()));
        peer.send(iceServers.forPeer(peer.id()));
        return peer;
    }

    public void disconnect(Peer peer) {
        Room room = peer.room();
        if (room != null) {
            room.remove(peer, clock.nowMillis());
        }
    }

    /** @param receivedAt server time at which the frame was read, taken before decoding */
    public void handle(Peer peer, ClientMessage message, double receivedAt) {
        try {
            message.dispatch(new Apply(peer, receivedAt));
        } catch (ProtocolException e) {
            refuse(peer, e);
        }
    }

    public void refuse(Peer peer, ProtocolException e) {
        peer.send(ServerMessage.Failure.of(e));
    }

    /** One message's effect, one method per type. */
    private final class Apply implements ClientMessage.Handler {
        private final Peer peer;
        private final double receivedAt;

        Apply(Peer peer, double receivedAt) {
            this.peer = peer;
            this.receivedAt = receivedAt;
        }

        @Override
        public void timeRequest(ClientMessage.TimeRequest m) throws ProtocolException {
            requireFinite("t0", m.t0());
            peer.send(new ServerMessage.TimeResponse(m.t0(), receivedAt, clock.nowMillis()));
        }

        @Override
        public void createRoom(ClientMessage.CreateRoom m) throws ProtocolException {
            requireOutsideRoom(peer);
            requireHostKey(m.hostKey());
            if (!addressLimits.tryCreateRoom(peer.address())) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED,
                        "too many rooms created from this address; wait a minute");
            }
            Room room = rooms.create(clock.nowMillis());
            String inviteUrl = inviteUrls.forInvite(room.inviteToken());
            peer.send(new ServerMessage.RoomCreated(room.id(), room.hostToken(), inviteUrl));
            room.seatHost(peer, m.hostKey(), inviteUrl);
        }

        @Override
        public void resumeHost(ClientMessage.ResumeHost m) throws ProtocolException {
            requireOutsideRoom(peer);
            requireHostKey(m.hostKey());
            Room room = rooms.byHostToken(m.hostToken()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_HOST_TOKEN, "no room has that host token"));
            room.seatHost(peer, m.hostKey(), inviteUrls.forInvite(room.inviteToken()));
        }

        @Override
        public void join(ClientMessage.Join m) throws ProtocolException {
            requireOutsideRoom(peer);
            Room room = rooms.byInvite(m.invite()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_INVITE, "this invite is unknown or has expired"));
            room.admitListener(peer, m.relay(), clock.nowMillis());
        }

        @Override
        public void signal(ClientMessage.Signal m) throws ProtocolException {
            if (m.to().equals(peer.id())) {
                throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "cannot signal yourself");
            }
            requireRoom(peer).forwardSignal(peer, m.to(), m.data());
        }

        @Override
        public void announceTrack(ClientMessage.AnnounceTrack m) throws ProtocolException {
            validate(m);
            String title = m.title().strip();
            // The key is made only for rooms on the globe: nothing of other rooms' tracks leaves the room.
            String globeKey = m.globe() ? TrackKey.of(m.tags().artist(), m.tags().title(), m.durationSec(), title) : null;
            requireRoom(peer).announce(peer, title, m.durationSec(), m.sampleRate(), m.channels(),
                    m.chunkFrames(), m.codec(), globeKey);
        }

        @Override
        public void play(ClientMessage.Play m) throws ProtocolException {
            command(peer, Boolean.TRUE, m.position(), m.at());
        }

        @Override
        public void pause(ClientMessage.Pause m) throws ProtocolException {
            command(peer, Boolean.FALSE, m.position(), m.at());
        }

        @Override
        public void seek(ClientMessage.Seek m) throws ProtocolException {
            command(peer, null, m.position(), m.at());
        }

        @Override
        public void report(ClientMessage.Report m) throws ProtocolException {
            UpstreamProblem problem = UpstreamProblem.ofWireName(m.problem()).orElseThrow(() ->
                    bad("problem must be starving, tampering or unreachable"));
            requireRoom(peer).report(peer, problem, m.peerId(), clock.nowMillis());
        }

        @Override
        public void spareOffers(ClientMessage.SpareOffers m) throws ProtocolException {
            requireRoom(peer).restockSpareOffers(peer, m.offers());
        }

        @Override
        public void memberStatus(ClientMessage.MemberStatus m) throws ProtocolException {
            Room room = requireRoom(peer);
            room.memberStatus(peer, clean(m, receivedAt), receivedAt);
        }

        @Override
        public void removeListener(ClientMessage.RemoveListener m) throws ProtocolException {
            requireRoom(peer).removeListener(peer, m.peerId(), clock.nowMillis());
        }

        @Override
        public void restartLead(ClientMessage.RestartLead m) throws ProtocolException {
            requireFinite("at", m.at());
            if (!Double.isFinite(m.leadMs()) || Math.abs(m.leadMs()) > MAX_RESTART_LEAD_MS) {
                throw bad("leadMs must be a finite number of ms within " + (int) MAX_RESTART_LEAD_MS + " either way");
            }
            if (!requireRoom(peer).restartLead(peer, m.at(), m.leadMs(), clock.nowMillis())) {
                throw bad("only listeners tell the server how a restart landed");
            }
        }

        @Override
        public void hearing(ClientMessage.Hearing m) throws ProtocolException {
            if (m.trackSeq() < 1) {
                throw bad("trackSeq must be a track the room announced (1 or more)");
            }
            // A word about a track that is no longer playing is a race, not an error: it is ignored.
            if (requireRoom(peer).hearing(peer, m.trackSeq(), clock.nowMillis()) == Room.Heard.NOT_A_LISTENER) {
                throw bad("only listeners tell the server what they hear");
            }
        }
    }

    /** Most a restart's lead may be either way (hosts stamp plays at most 5 s ahead). */
    static final double MAX_RESTART_LEAD_MS = 60_000;

    private void command(Peer peer, Boolean playing, double position, double at) throws ProtocolException {
        Room room = requireRoom(peer);
        if (!Double.isFinite(position) || position < 0) {
            throw new ProtocolException(ErrorCode.BAD_POSITION, "position must be a finite number of seconds >= 0");
        }
        requireFinite("at", at);
        double now = clock.nowMillis();
        if (Math.abs(at - now) > MAX_COMMAND_SKEW_MS) {
            throw new ProtocolException(ErrorCode.BAD_TIME, String.format(Locale.ROOT,
                    "at=%.0f is %.0f ms away from server time; sync the clock first", at, at - now));
        }
        room.command(peer, playing, position, at);
    }

    /**
     * A member's status, bounded: numbers finite and within range (else refused), the display
     * name and browser cleaned and cut to length (never refused: a page sends them every 500 ms).
     * The offset is the page's server-time estimate against the time the frame was read.
     */
    static MemberStatus clean(ClientMessage.MemberStatus m, double receivedAt) throws ProtocolException {
        ConnectionKind connection = ConnectionKind.ofWireName(m.connection()).orElseThrow(() ->
                bad("connection must be host, direct, relayed, turn or waiting"));
        requireFinite("serverNowMs", m.serverNowMs());
        double offsetMs = m.serverNowMs() - receivedAt;
        if (Math.abs(offsetMs) > MAX_COMMAND_SKEW_MS) {
            throw new ProtocolException(ErrorCode.BAD_TIME, "serverNowMs is more than a minute off; sync the clock first");
        }
        if (!Double.isFinite(m.bufferAheadSec()) || m.bufferAheadSec() < 0 || m.bufferAheadSec() > MAX_BUFFER_AHEAD_SEC) {
            throw bad("bufferAheadSec must be a finite number from 0 to " + (int) MAX_BUFFER_AHEAD_SEC);
        }
        if (m.missed() < 0) {
            throw bad("missed must be 0 or more");
        }
        return new MemberStatus(displayName(m.name()), browserName(m.browser()), connection, offsetMs,
                m.bufferAheadSec(), m.missed());
    }

    /** Most audio a page may say it holds ahead (pages keep about 4 s). */
    static final double MAX_BUFFER_AHEAD_SEC = 600;

    /**
     * Without control characters and the invisible ones that reorder or hide text (Unicode
     * "format" characters: bidi overrides, zero-width), trimmed, at most MAX_NAME_CHARS long
     * (never cutting a surrogate pair in half).
     */
    static String displayName(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        String name = out.toString().strip();
        if (name.length() > MemberStatus.MAX_NAME_CHARS) {
            int end = MemberStatus.MAX_NAME_CHARS;
            if (Character.isHighSurrogate(name.charAt(end - 1))) {
                end--;
            }
            name = name.substring(0, end).strip();
        }
        return name;
    }

    /** Letters, digits, space, dot, dash and underscore only, at most MAX_BROWSER_CHARS. */
    static String browserName(String raw) {
        String plain = raw.replaceAll("[^A-Za-z0-9 ._-]", "").strip();
        return plain.length() <= MemberStatus.MAX_BROWSER_CHARS ? plain : plain.substring(0, MemberStatus.MAX_BROWSER_CHARS);
    }

    private static void validate(ClientMessage.AnnounceTrack m) throws ProtocolException {
        if (m.title().isBlank() || m.title().length() > 200) {
            throw bad("title must be 1 to 200 characters");
        }
        if (!Double.isFinite(m.durationSec()) || m.durationSec() <= 0 || m.durationSec() > 24 * 3600) {
            throw bad("durationSec must be > 0 and at most one day");
        }
        if (m.sampleRate() < 8_000 || m.sampleRate() > 192_000) {
            throw bad("sampleRate must be between 8000 and 192000");
        }
        if (m.channels() < 1 || m.channels() > 8) {
            throw bad("channels must be between 1 and 8");
        }
        if (m.chunkFrames() < 128 || m.chunkFrames() > 65_536) {
            throw bad("chunkFrames must be between 128 and 65536");
        }
        TrackTags tags = m.tags();
        if (tags.artist().length() > MAX_TAG_CHARS || tags.title().length() > MAX_TAG_CHARS) {
            throw bad("tags.artist and tags.title must be at most " + MAX_TAG_CHARS + " characters");
        }
        if (!CODEC_NAME.matcher(m.codec()).matches()) {
            throw bad("codec must be a name of 1 to 16 lower-case letters, digits or dashes, such as pcm16");
        }
    }

    /** A raw Ed25519 public key is 32 bytes: 43 characters of unpadded base64url. */
    private static final java.util.regex.Pattern HOST_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

    private static void requireHostKey(String hostKey) throws ProtocolException {
        if (!HOST_KEY.matcher(hostKey).matches()) {
            throw bad("hostKey must be a raw Ed25519 public key in unpadded base64url (43 characters)");
        }
    }

    private static void requireFinite(String field, double value) throws ProtocolException {
        if (!Double.isFinite(value)) {
            throw bad(field + " must be a finite number");
        }
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(ErrorCode.BAD_MESSAGE, message);
    }

    private static Room requireRoom(Peer peer) throws ProtocolException {
        Room room = peer.room();
        if (room == null) {
            throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "create or join a room first");
        }
        return room;
    }

    private static void requireOutsideRoom(Peer peer) throws ProtocolException {
        if (peer.room() != null) {
            throw new ProtocolException(ErrorCode.ALREADY_IN_ROOM, "this connection is already in a room");
        }
    }
}
