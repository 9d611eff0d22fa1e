package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The codes an {@code error} message can carry, with their wire names. See docs/protocol.md. */
public enum ErrorCode {
    BAD_JSON("bad-json"),
    UNKNOWN_TYPE("unknown-type"),
    BAD_MESSAGE("bad-message"),
    ALREADY_IN_ROOM("already-in-room"),
    NOT_IN_ROOM("not-in-room"),
    UNKNOWN_INVITE("unknown-invite"),
    UNKNOWN_HOST_TOKEN("unknown-host-token"),
    NOT_HOST("not-host"),
    UNKNOWN_PEER("unknown-peer"),
    NO_TRACK("no-track"),
    BAD_POSITION("bad-position"),
    BAD_TIME("bad-time"),
    ROOM_FULL("room-full"),
    /** A per-socket or per-address rate was exceeded; the message was dropped. */
    RATE_LIMITED("rate-limited"),
    /** The server holds as many rooms as it is allowed to. */
    SERVER_FULL("server-full");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String toString() {
        return wire;
    }
}
