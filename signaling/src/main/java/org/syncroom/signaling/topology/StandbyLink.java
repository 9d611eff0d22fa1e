package org.syncroom.signaling.topology;

import java.util.Objects;

/**
 * An idle, open link kept ready between a relay's understudy ({@code feederId}) and one of that
 * relay's children ({@code childId}): the understudy offers it, nothing is sent on it, and the
 * child takes nothing from it. If the relay goes, the understudy takes its slot and the move of
 * that child costs no new link (docs/protocol.md, "Relay tree", "Understudies").
 */
public record StandbyLink(String feederId, String childId) {
    public StandbyLink {
        Objects.requireNonNull(feederId, "feederId");
        Objects.requireNonNull(childId, "childId");
    }
}
