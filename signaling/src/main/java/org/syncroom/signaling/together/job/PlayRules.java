package org.syncroom.signaling.together.job;

/**
 * What a play must be to enter the job: a usable track key, a public IPv4 address and a server
 * time near now. Everything else is counted and dropped by the caller, never thrown.
 */
public final class PlayRules {
    /** Longest track key kept; longer ones are not a key the room code produces. */
    public static final int MAX_TRACK_KEY_CHARS = 300;
    /** A play stamped further than this from the job's wall clock is dropped as a clock far off. */
    public static final long MAX_CLOCK_OFFSET_MS = 10_000;

    public enum Verdict { OK, NO_TRACK, BAD_ADDRESS, CLOCK_FAR_OFF }

    private PlayRules() {}

    public static Verdict check(PlayEvent play, long nowMs) {
        return check(play, nowMs, MAX_CLOCK_OFFSET_MS);
    }

    /**
     * As {@link #check(PlayEvent, long)}, but a play may be up to {@code maxAgeMs} old: on the
     * Kafka path plays can wait in the servers' producers while a broker restarts, and a play
     * that waited is late, not from a clock far off. Plays ahead of now still get {@link #MAX_CLOCK_OFFSET_MS}.
     */
    public static Verdict check(PlayEvent play, long nowMs, long maxAgeMs) {
        if (play.trackKey == null || play.trackKey.isBlank() || play.trackKey.length() > MAX_TRACK_KEY_CHARS) {
            return Verdict.NO_TRACK;
        }
        if (!IpAddress.isPublic(play.addressHigh, play.addressLow)) {
            return Verdict.BAD_ADDRESS;
        }
        if (play.serverTimeMs - nowMs > MAX_CLOCK_OFFSET_MS || nowMs - play.serverTimeMs > maxAgeMs) {
            return Verdict.CLOCK_FAR_OFF;
        }
        return Verdict.OK;
    }
}
