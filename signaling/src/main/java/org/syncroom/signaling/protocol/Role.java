package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** A member's seat in a room, as {@code joined}, {@code peer-joined} and {@code peer-left} name it. */
public enum Role {
    HOST("host"),
    LISTENER("listener");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String toString() {
        return wire;
    }
}
