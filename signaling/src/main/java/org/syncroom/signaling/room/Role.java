package org.syncroom.signaling.room;

public enum Role {
    HOST,
    LISTENER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
