package org.syncroom.signaling.room;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who feeds whom in one room: the host at the root, every listener under a parent. Pure (no
 * sockets); the room calls it under its lock and turns every {@link Move} it returns into
 * messages: {@code upstream} to the child, {@code feed} to the new parent, {@code unfeed} to
 * the old one.
 */
public interface RoomTopology {
    /** The root's node id: the host's seat, whichever connection holds it. */
    String HOST = "host";

    /** Why a listener reports its upstream peer. */
    enum Problem {
        STARVING, TAMPERING, UNREACHABLE;

        public static Optional<Problem> ofWireName(String name) {
            for (Problem p : values()) {
                if (p.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code child} now takes audio from {@code newParent}; {@code oldParent} is null for a newcomer. */
    record Move(String child, String newParent, String oldParent) {}

    /** Places a newcomer; {@code canRelay} false keeps it a leaf. The first move is its own placement. */
    List<Move> join(String listener, boolean canRelay);

    /** A listener left or failed: its children (with their subtrees) move elsewhere. */
    List<Move> leave(String listener);

    /** {@code reporter} says its parent has {@code problem}; the topology may move it, or others. */
    List<Move> report(String reporter, Problem problem);

    Optional<String> parentOf(String listener);

    Set<String> childrenOf(String node);
}
