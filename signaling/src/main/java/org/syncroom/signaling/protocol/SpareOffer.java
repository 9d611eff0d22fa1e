package org.syncroom.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * An offer a feeding page made ahead of time, for whichever peer it is next asked to feed
 * (docs/protocol.md, {@code spare-offers}): its session description, ICE candidates included.
 * The server hands it to the next listener it places under that page, in {@code upstream}, so
 * the listener answers at once instead of waiting for the page to send an offer through the
 * server. {@code id} is the page's own name for it, echoed in {@code feed}.
 */
public record SpareOffer(String id, SignalData description) {
    /** An offer of a data-channel-only connection with its candidates is 0.5-2 KB. */
    public static final int MAX_SDP_CHARS = 6000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    public SpareOffer {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a spare offer's id must be 1 to 16 letters, digits, '-' or '_'");
        }
        if (description == null) {
            throw new IllegalArgumentException("a spare offer needs its description");
        }
        JsonNode json = description.json();
        if (!"offer".equals(json.path("type").asText(null)) || !json.path("sdp").isTextual()) {
            throw new IllegalArgumentException("a spare offer's description must be {type: \"offer\", sdp}");
        }
        if (json.path("sdp").asText().length() > MAX_SDP_CHARS || json.size() != 2) {
            throw new IllegalArgumentException("a spare offer's description must be {type, sdp} of at most "
                    + MAX_SDP_CHARS + " characters");
        }
    }
}
