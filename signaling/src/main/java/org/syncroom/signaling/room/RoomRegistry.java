package org.syncroom.signaling.room;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import java.util.Map;
import org.syncroom.signaling.topology.TreeLimits;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.ErrorCode;
import org.syncroom.signaling.protocol.ProtocolException;
import org.syncroom.signaling.together.Plays;

/** All live rooms, findable by invite token or host token, never by guessable ids. */
@Singleton
public final class RoomRegistry {
    private final Map<String, Room> byInvite = new ConcurrentHashMap<>();
    private final Map<String, Room> byHostToken = new ConcurrentHashMap<>();
    private final Tokens tokens;
    private final int maxListeners;
    private final int maxRooms;
    private final TreeShape shape;
    private final Plays plays;
    private final RosterCounters rosterCounters = new RosterCounters();

    public RoomRegistry(Tokens tokens, int maxListeners, Limits limits, TreeShape shape) {
        this(tokens, maxListeners, limits, shape, Plays.NONE);
    }

    /** @param plays where rooms on the public globe send their listeners' plays */
    @Inject
    public RoomRegistry(Tokens tokens, @Named("maxListeners") int maxListeners, Limits limits, TreeShape shape,
                        Plays plays) {
        this.plays = plays;
        this.tokens = tokens;
        this.maxListeners = maxListeners;
        this.maxRooms = limits.maxRooms();
        this.shape = shape;
    }

    /** A new room, unless the server already holds {@code maxRooms} (then {@code server-full}). */
    public synchronized Room create(double now) throws ProtocolException {
        if (byInvite.size() >= maxRooms) {
            throw new ProtocolException(ErrorCode.SERVER_FULL, "this server holds as many rooms as it may; try later");
        }
        Room room = new Room(tokens.id(), tokens.secret(), tokens.secret(),
                new TreeLimits(shape.hostFanout(), shape.fanout(), maxListeners), plays, now, rosterCounters);
        byInvite.put(room.inviteToken(), room);
        byHostToken.put(room.hostToken(), room);
        return room;
    }

    public Optional<Room> byInvite(String inviteToken) {
        return Optional.ofNullable(byInvite.get(inviteToken));
    }

    public Optional<Room> byHostToken(String hostToken) {
        return Optional.ofNullable(byHostToken.get(hostToken));
    }

    public int size() {
        return byInvite.size();
    }

    /** Sends every room's roster to whoever is due for a changed one (Room#sendRoster). */
    public void sendRosters(double now) {
        for (Room room : byInvite.values()) {
            room.sendRoster(now);
        }
    }

    public RosterCounters rosterCounters() {
        return rosterCounters;
    }

    /** Forgets rooms nobody has been in since {@code cutoff}; returns how many went. */
    public synchronized int removeAbandoned(double cutoff) {
        int removed = 0;
        for (Room room : byInvite.values()) {
            if (room.abandonedSince(cutoff)) {
                byInvite.remove(room.inviteToken());
                byHostToken.remove(room.hostToken());
                removed++;
            }
        }
        return removed;
    }
}
