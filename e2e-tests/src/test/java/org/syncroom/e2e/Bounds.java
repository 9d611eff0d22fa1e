package org.syncroom.e2e;

/**
 * The generous bounds of the e2e tests; the benchmark reports the real figures.
 * A listener that is out of step mismatches on every click, so one glitched click (cut short
 * when a starved render thread or a mid-click start truncates it) is tolerated.
 */
final class Bounds {
    static final double SPREAD_MS = 25;
    static final int GLITCHED_CLICKS = 1;

    private Bounds() {}
}
