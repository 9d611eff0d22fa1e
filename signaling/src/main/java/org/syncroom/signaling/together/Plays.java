package org.syncroom.signaling.together;

/**
 * The entry point rooms call when a listener starts hearing a track: first audio rendered
 * after a join, a track change or a resume. Only rooms whose host opted in to the public globe
 * call it. Never blocks and never throws: a play that cannot be taken is counted and dropped.
 */
public interface Plays {
    /**
     * @param serverTimeMs when the listener first heard the track, server clock (epoch ms)
     * @param trackKey     normalised "artist - title (mm:ss)" from the file's tags, or the file name
     * @param address      the listener's address as the server sees it (dotted IPv4; X-Forwarded-For
     *                     only when the peer is a trusted proxy); it never leaves the pipeline
     * @param roomId       opaque room id, never shown
     */
    void play(long serverTimeMs, String trackKey, String address, String roomId);

    /** What rooms get when the globe is off. */
    Plays NONE = (serverTimeMs, trackKey, address, roomId) -> {};
}
