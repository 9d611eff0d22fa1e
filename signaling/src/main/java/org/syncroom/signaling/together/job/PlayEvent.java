package org.syncroom.signaling.together.job;

/**
 * One listener starting to hear a track, as the stream job carries it. A plain class (public
 * fields, no-arg constructor) so Flink serialises it as a POJO, never through Kryo; the address
 * is 128 bits in two longs for the same reason ({@link IpAddress}: IPv6 as it is, IPv4 mapped
 * to {@code ::ffff:a.b.c.d}). The address never leaves the job: sessions carry cities.
 */
public class PlayEvent {
    /** Server time the listener first heard the track, epoch milliseconds. */
    public long serverTimeMs;
    /** Normalised track key (artist, title and duration, or the file name). */
    public String trackKey;
    /** The listener's address as the server saw it: the high 64 bits ({@link IpAddress}). */
    public long addressHigh;
    /** The low 64 bits; an IPv4 address is {@code 0xffff_0000_0000 | ipv4} here and 0 above. */
    public long addressLow;
    /** Opaque room id; never shown. */
    public String roomId;

    public PlayEvent() {}

    /** A play from an address of either family ({@link IpAddress}). */
    public PlayEvent(long serverTimeMs, String trackKey, long addressHigh, long addressLow, String roomId) {
        this.serverTimeMs = serverTimeMs;
        this.trackKey = trackKey;
        this.addressHigh = addressHigh;
        this.addressLow = addressLow;
        this.roomId = roomId;
    }

    /** A play from an IPv4 address (big-endian in an int). */
    public PlayEvent(long serverTimeMs, String trackKey, int ipv4, String roomId) {
        this(serverTimeMs, trackKey, 0, IpAddress.ipv4Low(ipv4), roomId);
    }

    @Override
    public String toString() {
        return "PlayEvent{" + serverTimeMs + ", " + trackKey + ", " + IpAddress.format(addressHigh, addressLow) + ", "
                + roomId + "}";
    }
}
