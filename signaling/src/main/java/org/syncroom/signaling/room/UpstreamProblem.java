package org.syncroom.signaling.room;

import java.util.Locale;
import java.util.Optional;

/** What a listener may report about its upstream peer ({@code report {problem, peerId}}). */
public enum UpstreamProblem {
    /** chunks stopped arriving while the room plays */
    STARVING,
    /** something from it failed signature verification */
    TAMPERING,
    /** the link to it never opened */
    UNREACHABLE;

    public static Optional<UpstreamProblem> ofWireName(String name) {
        for (UpstreamProblem p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
