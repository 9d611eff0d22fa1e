package org.syncroom.signaling.together.job;

/**
 * One listener starting to hear a track, as the stream job carries it. A plain class (public
 * fields, no-arg constructor) so Flink serialises it as a POJO, never through Kryo; the address
 * is IPv4 as an int for the same reason. The address never leaves the job: sessions carry cities.
 */
public class PlayEvent {
    /** Server time the listener first heard the track, epoch milliseconds. */
    public long serverTimeMs;
    /** Normalised track key (artist, title and duration, or the file name). */
    public String trackKey;
    /** The listener's IPv4 address as the server saw it, big-endian in an int. */
    public int ipv4;
    /** Opaque room id; never shown. */
    public String roomId;

    public PlayEvent() {}

    public PlayEvent(long serverTimeMs, String trackKey, int ipv4, String roomId) {
        this.serverTimeMs = serverTimeMs;
        this.trackKey = trackKey;
        this.ipv4 = ipv4;
        this.roomId = roomId;
    }

    @Override
    public String toString() {
        return "PlayEvent{" + serverTimeMs + ", " + trackKey + ", " + Ipv4.format(ipv4) + ", " + roomId + "}";
    }
}
