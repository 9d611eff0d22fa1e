package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/** Everything a browser may send to the server. See docs/protocol.md. */
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
})
public sealed interface ClientMessage {

    /** NTP-style probe; {@code t0} is the client's send time on its own clock, echoed back. */
    record TimeRequest(double t0) implements ClientMessage {}

    /**
     * Makes the sender the host of a new room; {@code hostKey} is the public Ed25519 key
     * (base64url, raw 32 bytes) every chunk and pulse of the room will be signed with.
     */
    record CreateRoom(String hostKey) implements ClientMessage {}

    /** Joins the room behind an invite token as a listener; {@code relay}: may it feed others. */
    record Join(String invite, boolean relay) implements ClientMessage {}

    /** Reclaims host rights after a dropped connection, with the key this page now signs with. */
    record ResumeHost(String hostToken, String hostKey) implements ClientMessage {}

    /** A listener's word about its upstream peer: {@code problem} is starving, tampering or unreachable. */
    record Report(String problem, String peerId) implements ClientMessage {}

    /** Opaque WebRTC payload (offer, answer, ICE candidate) for one peer of the same room. */
    record Signal(String to, JsonNode data) implements ClientMessage {}

    /**
     * Host only: describes the track that is about to be streamed; {@code codec} names how its
     * chunks are encoded (the server passes it on; pages pick their decoder by it).
     */
    record AnnounceTrack(String title, double durationSec, int sampleRate, int channels, int chunkFrames,
                         String codec) implements ClientMessage {}

    /** Host only: track position {@code position} s starts sounding at server time {@code at} ms. */
    record Play(double position, double at) implements ClientMessage {}

    /** Host only: playback stops at track position {@code position} s, at server time {@code at} ms. */
    record Pause(double position, double at) implements ClientMessage {}

    /** Host only: jump to {@code position} s at server time {@code at} ms, keeping play/pause. */
    record Seek(double position, double at) implements ClientMessage {}
}
