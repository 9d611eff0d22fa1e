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
        if (play.trackKey == null || play.trackKey.isBlank() || play.trackKey.length() > MAX_TRACK_KEY_CHARS) {
            return Verdict.NO_TRACK;
        }
        if (!IpAddress.isPublic(play.addressHigh, play.addressLow)) {
            return Verdict.BAD_ADDRESS;
        }
        if (Math.abs(play.serverTimeMs - nowMs) > MAX_CLOCK_OFFSET_MS) {
            return Verdict.CLOCK_FAR_OFF;
        }
        return Verdict.OK;
    }
}
