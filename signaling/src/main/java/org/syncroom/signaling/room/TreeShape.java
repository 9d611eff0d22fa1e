package org.syncroom.signaling.room;

/**
 * How wide every room's relay tree may grow: the host feeds {@code hostFanout} listeners
 * itself, a relaying listener {@code fanout} ({@code --host-fanout}, {@code --fanout}).
 */
public record TreeShape(int hostFanout, int fanout) {}
