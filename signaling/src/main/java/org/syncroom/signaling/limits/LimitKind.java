package org.syncroom.signaling.limits;

/** Each limit a client can hit, with the label logs and metrics use. */
public enum LimitKind {
    MESSAGE_RATE("message-rate"),
    PROBE_RATE("probe-rate"),
    INBOUND_BYTES("inbound-bytes"),
    MALFORMED("malformed"),
    OUTGOING_QUEUE("outgoing-queue"),
    CONNECTIONS_PER_ADDRESS("connections-per-address"),
    MAX_CONNECTIONS("max-connections"),
    ORIGIN("origin"),
    ROOMS_PER_ADDRESS("rooms-per-address"),
    MAX_ROOMS("max-rooms");

    private final String label;

    LimitKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
