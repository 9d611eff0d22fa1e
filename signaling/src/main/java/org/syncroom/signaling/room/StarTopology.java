package org.syncroom.signaling.room;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every listener hangs off the host directly: the topology before the relay tree. */
final class StarTopology implements RoomTopology {
    private final Set<String> listeners = new LinkedHashSet<>();

    @Override
    public List<Move> join(String listener, boolean canRelay) {
        listeners.add(listener);
        return List.of(new Move(listener, HOST, null));
    }

    @Override
    public List<Move> leave(String listener) {
        listeners.remove(listener);
        return List.of();
    }

    /** In a star there is nowhere else to go. */
    @Override
    public List<Move> report(String reporter, Problem problem) {
        return List.of();
    }

    @Override
    public Optional<String> parentOf(String listener) {
        return listeners.contains(listener) ? Optional.of(HOST) : Optional.empty();
    }

    @Override
    public Set<String> childrenOf(String node) {
        return HOST.equals(node) ? java.util.Collections.unmodifiableSet(new LinkedHashSet<>(listeners)) : Set.of();
    }
}
