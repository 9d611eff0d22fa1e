package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The opaque WebRTC payload of a {@code signal} (offer, answer or ICE candidate): a JSON
 * object the server forwards untouched. Keeps Jackson's tree type out of the room domain.
 */
public final class SignalData {
    private final JsonNode json;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public SignalData(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("signal data must be a JSON object");
        }
        this.json = json;
    }

    @JsonValue
    JsonNode json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalData other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
