package org.syncroom.signaling.protocol;

/**
 * What the host page read from the audio file's tags: artist and title, each "" when the file
 * has none. With the duration they make the track key the globe groups plays by.
 */
public record TrackTags(String artist, String title) {}
