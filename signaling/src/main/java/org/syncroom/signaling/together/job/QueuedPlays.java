package org.syncroom.signaling.together.job;

import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Generator for a FLIP-27 {@code DataGeneratorSource} that reads the embedded play queue. Each
 * call hands over the next play, or after {@link #IDLE_POLL_MS} without one an idle tick
 * ({@link Ticks}; {@link CheckPlays} drops it) so the source thread never blocks for long. Plays
 * are taken from the shared queue {@link #BATCH} at a time, so its lock is taken once per batch.
 */
public final class QueuedPlays implements GeneratorFunction<Long, PlayEvent> {
    private static final long serialVersionUID = 1L;
    static final long IDLE_POLL_MS = 20;
    static final int BATCH = 1_024;
    private final String channel;
    private transient BlockingQueue<PlayEvent> queue;
    private transient ArrayDeque<PlayEvent> batch;

    public QueuedPlays(String channel) {
        this.channel = channel;
    }

    @Override
    public void open(SourceReaderContext context) {
        queue = LocalChannels.plays(channel);
        batch = new ArrayDeque<>(BATCH);
    }

    @Override
    public PlayEvent map(Long index) throws InterruptedException {
        PlayEvent play = batch.poll();
        if (play == null && queue.drainTo(batch, BATCH) > 0) {
            play = batch.poll();
        }
        if (play == null) {
            play = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
        }
        return play != null ? play : Ticks.at(System.currentTimeMillis());
    }
}
