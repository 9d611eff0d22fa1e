package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Everything a browser may send to the server. See docs/protocol.md. Each message hands
 * itself to the one {@link Handler} method for its type, so a new type cannot be left
 * unhandled: the handler stops compiling.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.TimeRequest.class, name = "time-request"),
    @JsonSubTypes.Type(value = ClientMessage.CreateRoom.class, name = "create-room"),
    @JsonSubTypes.Type(value = ClientMessage.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ClientMessage.ResumeHost.class, name = "resume-host"),
    @JsonSubTypes.Type(value = ClientMessage.Signal.class, name = "signal"),
    @JsonSubTypes.Type(value = ClientMessage.AnnounceTrack.class, name = "announce-track"),
    @JsonSubTypes.Type(value = ClientMessage.Play.class, name = "play"),
    @JsonSubTypes.Type(value = ClientMessage.Pause.class, name = "pause"),
    @JsonSubTypes.Type(value = ClientMessage.Seek.class, name = "seek"),
    @JsonSubTypes.Type(value = ClientMessage.Report.class, name = "report"),
    @JsonSubTypes.Type(value = ClientMessage.Hearing.class, name = "hearing"),
    @JsonSubTypes.Type(value = ClientMessage.RestartLead.class, name = "restart-lead"),
    @JsonSubTypes.Type(value = ClientMessage.SpareOffers.class, name = "spare-offers"),
    @JsonSubTypes.Type(value = ClientMessage.MemberStatus.class, name = "member-status"),
    @JsonSubTypes.Type(value = ClientMessage.RemoveListener.class, name = "remove-listener"),
})
public sealed interface ClientMessage {

    /** Calls the handler method for this message's type. */
    void dispatch(Handler handler) throws ProtocolException;

    /** One method per client message type. */
    interface Handler {
        void timeRequest(TimeRequest m) throws ProtocolException;

        void createRoom(CreateRoom m) throws ProtocolException;

        void join(Join m) throws ProtocolException;

        void resumeHost(ResumeHost m) throws ProtocolException;

        void signal(Signal m) throws ProtocolException;

        void announceTrack(AnnounceTrack m) throws ProtocolException;

        void play(Play m) throws ProtocolException;

        void pause(Pause m) throws ProtocolException;

        void seek(Seek m) throws ProtocolException;

        void report(Report m) throws ProtocolException;

        void hearing(Hearing m) throws ProtocolException;

        void restartLead(RestartLead m) throws ProtocolException;

        void spareOffers(SpareOffers m) throws ProtocolException;

        void memberStatus(MemberStatus m) throws ProtocolException;

        void removeListener(RemoveListener m) throws ProtocolException;
    }

    /** NTP-style probe; {@code t0} is the client's send time on its own clock, echoed back. */
    record TimeRequest(double t0) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.timeRequest(this);
        }
    }

    /**
     * Makes the sender the host of a new room; {@code hostKey} is the public Ed25519 key
     * (base64url, raw 32 bytes) every chunk and pulse of the room will be signed with.
     */
    record CreateRoom(String hostKey) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.createRoom(this);
        }
    }

    /** Joins the room behind an invite token as a listener; {@code relay}: may it feed others. */
    record Join(String invite, boolean relay) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.join(this);
        }
    }

    /** Reclaims host rights after a dropped connection, with the key this page now signs with. */
    record ResumeHost(String hostToken, String hostKey) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.resumeHost(this);
        }
    }

    /** Opaque WebRTC payload (offer, answer, ICE candidate) for one peer of the same room. */
    record Signal(String to, SignalData data) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.signal(this);
        }
    }

    /**
     * Host only: describes the track that is about to be streamed; {@code codec} names how its
     * chunks are encoded (the server passes it on; pages pick their decoder by it). {@code tags}
     * are the artist and title read from the file ("" when it has none); {@code globe} is the
     * host's "show this room on the public globe": only then do its listeners' plays count.
     */
    record AnnounceTrack(String title, double durationSec, int sampleRate, int channels, int chunkFrames,
                         String codec, TrackTags tags, boolean globe) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.announceTrack(this);
        }
    }

    /** Host only: track position {@code position} s starts sounding at server time {@code at} ms. */
    record Play(double position, double at) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.play(this);
        }
    }

    /** Host only: playback stops at track position {@code position} s, at server time {@code at} ms. */
    record Pause(double position, double at) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.pause(this);
        }
    }

    /** Host only: jump to {@code position} s at server time {@code at} ms, keeping play/pause. */
    record Seek(double position, double at) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.seek(this);
        }
    }

    /**
     * A listener's word that it started hearing track {@code trackSeq}: its first audio was
     * rendered after a join, a track change or a resume. In a room on the public globe the
     * server turns it into a play (once per listener and stretch of playing).
     */
    record Hearing(int trackSeq) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.hearing(this);
        }
    }

    /**
     * A listener's word on the room's last restart (the play or seek that took effect at server
     * time {@code at}): the audio at the new position arrived {@code leadMs} before {@code at}
     * (negative: late). The host is told the least of them with its roster.
     */
    record RestartLead(double at, double leadMs) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.restartLead(this);
        }
    }

    /** A listener's word about its upstream peer: {@code problem} is starving, tampering or unreachable. */
    record Report(String problem, String peerId) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.report(this);
        }
    }

    /**
     * From a page that feeds others (the host, a relay): the offers it holds ready now, replacing
     * any it sent before; at most {@link #MAX_OFFERS}. The server hands each to one listener.
     */
    record SpareOffers(List<SpareOffer> offers) implements ClientMessage {
        public static final int MAX_OFFERS = 8;

        public SpareOffers {
            if (offers == null || offers.size() > MAX_OFFERS) {
                throw new IllegalArgumentException("spare-offers carries at most " + MAX_OFFERS + " offers");
            }
            offers = List.copyOf(offers);
        }

        public void dispatch(Handler h) throws ProtocolException {
            h.spareOffers(this);
        }
    }

    /**
     * A page's word about itself for the room's {@code roster}, a few times a second at most:
     * the display name its person chose, its browser, how it gets the audio ({@link ConnectionKind}'s
     * wire name), its estimate of server time as it sends this ({@code serverNowMs}), the audio it
     * holds ahead and the chunks it missed. Fields this server does not know are ignored, so a
     * newer page can say more; the server bounds and cleans every value (RoomService).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MemberStatus(String name, String browser, String connection, double serverNowMs, double bufferAheadSec,
                        int missed) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.memberStatus(this);
        }
    }

    /** Host only: take listener {@code peerId} out of the room; its socket is closed with 4004. */
    record RemoveListener(String peerId) implements ClientMessage {
        public void dispatch(Handler h) throws ProtocolException {
            h.removeListener(this);
        }
    }
}
