package org.syncroom.signaling.protocol;

/** The codes an {@code error} message can carry; the wire form is the lower-case, dashed name. */
public enum ErrorCode {
    BAD_JSON,
    UNKNOWN_TYPE,
    BAD_MESSAGE,
    ALREADY_IN_ROOM,
    NOT_IN_ROOM,
    UNKNOWN_INVITE,
    UNKNOWN_HOST_TOKEN,
    NOT_HOST,
    UNKNOWN_PEER,
    NO_TRACK,
    BAD_POSITION,
    BAD_TIME,
    ROOM_FULL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
