package org.syncroom.signaling.together.job;

/**
 * Ticks: records in the play stream that carry only a time, so the job's event time moves on
 * when nobody starts a track. The embedded source makes one whenever its queue is empty
 * ({@link QueuedPlays}); on Kafka every server produces one every {@code 200 ms} on the plays
 * topic, in order with its plays, so while a broker is away the job's clock waits for the plays
 * buffered in the servers instead of closing their windows without them. {@link CheckPlays}
 * drops ticks after the watermark has seen them.
 */
public final class Ticks {
    private Ticks() {}

    /** A tick at {@code timeMs} (epoch ms): no track, no room, no address. */
    public static PlayEvent at(long timeMs) {
        return new PlayEvent(timeMs, null, 0, 0, null);
    }

    public static boolean isTick(PlayEvent play) {
        return play.trackKey == null && play.roomId == null && play.addressHigh == 0 && play.addressLow == 0;
    }
}
