package org.syncroom.signaling.together.job;

/**
 * The job's output for one window: at most the configured number of shared tracks, most
 * played first, and totals over every track the window saw.
 */
public class SessionWindow {
    public long windowStartMs;
    public long windowEndMs;
    /** Plays the window counted, over all tracks (shared or not). */
    public long playsInWindow;
    /** Tracks the window saw, shared or not. */
    public int tracksInWindow;
    /** Tracks heard in two or more places. */
    public int sharedTracks;
    public TrackSession[] sessions;

    public SessionWindow() {}
}
