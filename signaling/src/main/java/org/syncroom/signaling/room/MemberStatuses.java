package org.syncroom.signaling.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.syncroom.signaling.limits.TokenBucket;
import org.syncroom.signaling.protocol.Role;
import org.syncroom.signaling.protocol.RosterEntry;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * What each member of one room last said of itself ({@code member-status}), for the room's
 * {@code roster}. Each member may speak {@link #STATUSES_PER_SEC} times a second (burst
 * {@link #STATUS_BURST}); statuses beyond that are dropped and counted, never answered (an
 * error per dropped status would double what a misbehaving page costs). Not thread-safe: the
 * room's lock guards it.
 */
final class MemberStatuses {
    /** Pages send every 500 ms; this leaves room for timer jitter and nothing more. */
    static final double STATUSES_PER_SEC = 2.5;
    static final int STATUS_BURST = 3;
    /**
     * The offset shown is the largest of a member's last this-many observations: a delay on the
     * way (the socket, a busy page or server) only ever makes an observation smaller, so the
     * largest is the least delayed (as NTP keeps its least delayed samples, RFC 5905 §10).
     */
    static final int OFFSET_WINDOW = 8;

    private final Map<String, Member> members = new HashMap<>();
    private final RosterCounters counters;

    MemberStatuses(RosterCounters counters) {
        this.counters = counters;
    }

    private static final class Member {
        final TokenBucket rate;
        final double[] offsets = new double[OFFSET_WINDOW];
        int observations;
        MemberStatus last;
        /** the restart this member last measured, or null */
        Restart restart;

        Member(double now) {
            rate = new TokenBucket(STATUSES_PER_SEC, STATUS_BURST, now);
        }

        double offsetMs() {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < Math.min(observations, OFFSET_WINDOW); i++) {
                best = Math.max(best, offsets[i]);
            }
            return best;
        }
    }

    /** Takes a member's status; false (and counted) when it came too soon after the last ones. */
    boolean update(String peerId, MemberStatus status, double now) {
        Member member = members.computeIfAbsent(peerId, id -> new Member(now));
        if (!member.rate.tryTake(1, now)) {
            counters.statusDropped();
            return false;
        }
        member.offsets[member.observations % OFFSET_WINDOW] = status.offsetMs();
        member.observations++;
        member.last = status;
        return true;
    }

    void forget(String peerId) {
        members.remove(peerId);
    }

    /** A restart (play or seek) at server time {@code at} whose audio came {@code leadMs} before it. */
    private record Restart(double at, double leadMs) {}

    /** Member {@code peerId} measured the restart at {@code at}: its audio came {@code leadMs} before. */
    void restartLead(String peerId, double at, double leadMs, double now) {
        members.computeIfAbsent(peerId, id -> new Member(now)).restart = new Restart(at, leadMs);
    }

    /**
     * How the restart at {@code at} landed on the members that measured it (their latest word
     * names it), or null when none did yet.
     */
    ServerMessage.RestartSummary restartSummary(double at) {
        int reported = 0;
        double minLeadMs = Double.POSITIVE_INFINITY;
        for (Member member : members.values()) {
            if (member.restart != null && member.restart.at() == at) {
                reported++;
                minLeadMs = Math.min(minLeadMs, member.restart.leadMs());
            }
        }
        return reported == 0 ? null : new ServerMessage.RestartSummary(at, reported, minLeadMs);
    }

    /**
     * The roster of a room: the host's entry (when {@code hostPeerId} is not null), then the
     * first {@link ServerMessage.Roster#MAX_LISTENER_ENTRIES} of {@code listenerIds}.
     */
    ServerMessage.Roster roster(String hostPeerId, Collection<String> listenerIds) {
        List<RosterEntry> entries = new ArrayList<>();
        if (hostPeerId != null) {
            entries.add(entry(hostPeerId, Role.HOST));
        }
        for (String id : listenerIds) {
            if (entries.size() >= (hostPeerId == null ? 0 : 1) + ServerMessage.Roster.MAX_LISTENER_ENTRIES) {
                break;
            }
            entries.add(entry(id, Role.LISTENER));
        }
        return new ServerMessage.Roster(entries, listenerIds.size());
    }

    private RosterEntry entry(String peerId, Role role) {
        Member member = members.get(peerId);
        MemberStatus s = member == null ? null : member.last;
        if (s == null) {
            return new RosterEntry(peerId, role, "", "", null, null, null, null);
        }
        return new RosterEntry(peerId, role, s.name(), s.browser(), s.connection(), tenths(member.offsetMs()),
                hundredths(s.bufferAheadSec()), s.missed());
    }

    /** Rounded, so that the roster does not carry digits nobody reads. */
    private static double tenths(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double hundredths(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
