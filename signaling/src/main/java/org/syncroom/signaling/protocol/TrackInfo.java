package org.syncroom.signaling.protocol;

/**
 * The track the host streams. Audio travels peer to peer as chunks of {@code chunkFrames}
 * frames, encoded with {@code codec}; chunk {@code k} covers track time
 * {@code k * chunkFrames / sampleRate} seconds. {@code globe}: the host shows this room on the
 * public globe, so listeners' cities (never their addresses) and the track's title appear there.
 */
public record TrackInfo(int trackSeq, String title, double durationSec, int sampleRate, int channels, int chunkFrames,
                        String codec, boolean globe) {}
