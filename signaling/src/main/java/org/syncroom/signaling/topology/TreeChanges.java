package org.syncroom.signaling.topology;

import java.util.List;

/**
 * Everything one operation on a {@link RelayTree} changed, i.e. exactly what the server must tell
 * peers. Lists are immutable and in the order the changes happened.
 */
public record TreeChanges(List<Assignment> assignments, List<Demotion> demotions, List<Departure> departures) {
    public static final TreeChanges NONE = new TreeChanges(List.of(), List.of(), List.of());

    public TreeChanges {
        assignments = List.copyOf(assignments);
        demotions = List.copyOf(demotions);
        departures = List.copyOf(departures);
    }

    public boolean isEmpty() {
        return assignments.isEmpty() && demotions.isEmpty() && departures.isEmpty();
    }

    /** The listeners whose parent changed (each at most once). */
    public int reparentCount() {
        return assignments.size();
    }
}
