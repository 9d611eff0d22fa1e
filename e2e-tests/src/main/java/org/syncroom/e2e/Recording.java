package org.syncroom.e2e;

import java.util.List;
import java.util.Map;

/**
 * What one page actually rendered, on the true (unskewed) wall clock in milliseconds.
 * {@code openedAtMs} is the page's navigation start; {@code firstSoundMs} is null if it
 * never made a sound. {@code milestones} are the page's own join-path marks (welcome, joinSent,
 * joined, clockSynced, channelOpen, firstChunk, firstScheduled) in ms since it was opened, plus the
 * counts {@code connections} (signalling sockets opened) and {@code requeues} (output slips corrected).
 */
public record Recording(String name, boolean lateJoiner, double openedAtMs, Double firstSoundMs, List<Click> clicks,
                        Map<String, Double> milestones) {

    /**
     * One click as the page's tap measured it: when, which of {@link ClickTrack#LEVELS} it is (by
     * nearest value), and the level itself (the track's level times the page's output gain).
     */
    public record Click(double atMs, int levelIndex, double level) {
        /** A click measured at exactly its track level. */
        public Click(double atMs, int levelIndex) {
            this(atMs, levelIndex, ClickTrack.LEVELS[levelIndex]);
        }
    }

    /** Ms from opening the page (navigation start) to its first sound; null if it made none. */
    public Double joinToFirstSoundMs() {
        return firstSoundMs == null ? null : firstSoundMs - openedAtMs;
    }

    /**
     * Ms from the page's join leaving it (milestone {@code joinSent}: after the page's HTML came and
     * its socket opened) to its first sound; null if it made none or never joined.
     */
    public Double joinSentToFirstSoundMs() {
        Double sent = milestones.get("joinSent");
        return firstSoundMs == null || sent == null ? null : firstSoundMs - openedAtMs - sent;
    }
}
