package org.syncroom.signaling.together;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the page says about the globe; the JSON value is what {@code /api/together/*} sends. */
public enum GlobeStatus {
    /** The server runs without the globe (no {@code --geoip-db}). */
    OFF("off"),
    /** The job is being submitted or is restarting its tasks. */
    STARTING("starting"),
    LIVE("live"),
    /** The job failed or stopped; rooms keep working, the globe waits. */
    PAUSED("paused");

    private final String wire;

    GlobeStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
