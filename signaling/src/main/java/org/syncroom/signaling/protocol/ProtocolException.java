package org.syncroom.signaling.protocol;

/** A request the server refuses; becomes an {@code error} message to the sender only. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
