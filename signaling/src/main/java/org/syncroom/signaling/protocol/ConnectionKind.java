package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a page gets the room's audio, as its {@code member-status} says and the {@code roster}
 * shows: the host is the source; a listener takes it from the host (direct), from a relay
 * listener in the tree (relayed), over a TURN server (turn, whoever its parent is), or has no
 * parent yet (waiting).
 */
public enum ConnectionKind {
    HOST("host"),
    DIRECT("direct"),
    RELAYED("relayed"),
    TURN("turn"),
    WAITING("waiting");

    private final String wire;

    ConnectionKind(String wire) {
        this.wire = wire;
    }

    public static Optional<ConnectionKind> ofWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(name)).findFirst();
    }

    @JsonValue
    @Override
    public String toString() {
        return wire;
    }
}
