package org.syncroom.signaling.room;

import org.syncroom.signaling.limits.TokenBucket;

/**
 * Decides whether one listener's {@code hearing} becomes a play on the globe: once per stretch
 * of playing (a track announced, or the room resumed after a pause), and at most
 * {@link #BURST} plays, one more back every {@link #REFILL_SEC} s, however often the host
 * pauses and resumes. So a listener counts as one listener, and a host toggling play cannot
 * make its track look popular.
 */
final class PlayGate {
    /** Plays one listener may make in a row. */
    static final int BURST = 4;
    /** A further play comes back after this long. */
    static final double REFILL_SEC = 15;

    private final TokenBucket budget;
    private int countedTrackSeq = -1;
    private long countedSinceVersion = -1;

    PlayGate(double nowMs) {
        budget = new TokenBucket(1 / REFILL_SEC, BURST, nowMs);
    }

    /**
     * @param trackSeq           the track the listener hears
     * @param playingSinceVersion the playback version at which the room last started playing it
     * @return true when this is the listener's first word about this stretch and its budget allows a play
     */
    boolean admit(int trackSeq, long playingSinceVersion, double nowMs) {
        if (trackSeq == countedTrackSeq && playingSinceVersion == countedSinceVersion) {
            return false;
        }
        if (!budget.tryTake(1, nowMs)) {
            return false;
        }
        countedTrackSeq = trackSeq;
        countedSinceVersion = playingSinceVersion;
        return true;
    }
}
