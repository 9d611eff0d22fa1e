package org.syncroom.signaling.protocol;

/**
 * "Track position {@code position} seconds is heard at server time {@code at} milliseconds";
 * while {@code playing}, the position advances in real time from there. {@code version} grows
 * with every change in the room, so a client that hears a state twice (over the socket and
 * relayed over a data channel) keeps the newest.
 */
public record PlaybackState(long version, int trackSeq, boolean playing, double position, double at) {

    public static PlaybackState stopped() {
        return new PlaybackState(0, 0, false, 0, 0);
    }

    /** The track position this state implies at server time {@code serverMillis}. */
    public double positionAt(double serverMillis) {
        return playing ? position + (serverMillis - at) / 1000.0 : position;
    }
}
