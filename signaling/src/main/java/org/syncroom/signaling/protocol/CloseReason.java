package org.syncroom.signaling.protocol;

/**
 * Why the server closes a socket on its own initiative. Codes are from the range RFC 6455
 * section 7.4.2 leaves to applications (4000-4999); the text goes in the close frame.
 */
public enum CloseReason {
    /** The socket's outgoing queue passed its bound: the browser reads too slowly or not at all. */
    SLOW_READER(4001, "slow-reader", "outgoing queue full: the connection reads too slowly"),
    /** The socket kept sending over its rate limit after being told. */
    RATE_LIMIT(4002, "rate-limit", "kept sending over the rate limit"),
    /** The socket kept sending messages the protocol refuses. */
    MALFORMED(4003, "malformed", "too many malformed messages"),
    /** The host took this listener out of the room ({@code remove-listener}); its page does not reconnect. */
    REMOVED_BY_HOST(4004, "removed", "removed from the room by the host");

    private final int code;
    private final String label;
    private final String text;

    CloseReason(int code, String label, String text) {
        this.code = code;
        this.label = label;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** Short name for logs and metrics. */
    public String label() {
        return label;
    }

    /** Human text sent in the close frame. */
    public String text() {
        return text;
    }
}
