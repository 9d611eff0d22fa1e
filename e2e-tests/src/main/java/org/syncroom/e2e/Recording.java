package org.syncroom.e2e;

import java.util.List;
import java.util.Map;

/**
 * What one page actually rendered, on the true (unskewed) wall clock in milliseconds.
 * {@code openedAtMs} is the page's navigation start; {@code firstSoundMs} is null if it
 * never made a sound. {@code milestones} are the page's own join-path marks (welcome, joined,
 * clockSynced, channelOpen, firstChunk, firstScheduled) in ms since it was opened, plus the
 * counts {@code connections} (signalling sockets opened) and {@code requeues} (output slips corrected).
 */
public record Recording(String name, boolean lateJoiner, double openedAtMs, Double firstSoundMs, List<Click> clicks,
                        Map<String, Double> milestones) {

    public record Click(double atMs, int levelIndex) {}

    public Double joinToFirstSoundMs() {
        return firstSoundMs == null ? null : firstSoundMs - openedAtMs;
    }
}
