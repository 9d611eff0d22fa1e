package org.syncroom.e2e;

import java.util.List;

/**
 * What one page actually rendered, on the true (unskewed) wall clock in milliseconds.
 * {@code openedAtMs} is the page's navigation start; {@code firstSoundMs} is null if it
 * never made a sound.
 */
public record Recording(String name, boolean lateJoiner, double openedAtMs, Double firstSoundMs, List<Click> clicks) {

    public record Click(double atMs, int levelIndex) {}

    public Double joinToFirstSoundMs() {
        return firstSoundMs == null ? null : firstSoundMs - openedAtMs;
    }
}
