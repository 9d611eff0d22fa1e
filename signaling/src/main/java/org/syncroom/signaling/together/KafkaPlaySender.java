package org.syncroom.signaling.together;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.together.job.KafkaTopics;
import org.syncroom.signaling.together.job.PlayCodec;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.Ticks;
import org.syncroom.signaling.together.job.TogetherJob;

/**
 * Plays and ticks to {@link KafkaTopics#PLAYS}, in order, without ever blocking a room: rooms
 * put encoded records in a bounded queue ({@link #QUEUE_CAPACITY}; full, the play is refused
 * and counted) and one thread hands them to the producer, which may block there. A tick
 * ({@link Ticks}) joins the queue every {@link #TICK_MS}, behind the plays before it, so the
 * job's event time follows the servers, not its own clock, and never overtakes a play.
 *
 * <p>While the broker is away (a restart) the producer forgets the topic's metadata, and its
 * {@code send} waits for it: the thread waits there up to {@link #MAX_BLOCK}, the queue holds
 * what comes meanwhile, and the producer (idempotent, so retries neither duplicate nor reorder)
 * delivers it all when the broker is back. The job then closes those windows late instead of
 * without their plays. The sender counts as healthy while the broker acknowledged a tick in the
 * last {@link #UNHEALTHY_AFTER}.
 */
final class KafkaPlaySender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaPlaySender.class);
    /** Records waiting for the producer: 13 s of plays at 20,000/s. */
    static final int QUEUE_CAPACITY = 262_144;
    static final long TICK_MS = 200;
    /** No tick acknowledged for this long: the broker is away, the globe is paused. */
    static final Duration UNHEALTHY_AFTER = Duration.ofSeconds(3);
    /** Longest the thread waits in {@code send}: as long as the job still takes a play that waited. */
    static final Duration MAX_BLOCK = Duration.ofMillis(TogetherJob.KAFKA_MAX_PLAY_AGE_MS);

    private final KafkaProducer<byte[], byte[]> producer;
    private final LongSupplier clockMs;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread sender;
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "globe-kafka-ticks");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastTickAckNanos = System.nanoTime();
    private volatile boolean closing;

    KafkaPlaySender(KafkaProducer<byte[], byte[]> producer, LongSupplier clockMs) {
        this.producer = producer;
        this.clockMs = clockMs;
        this.sender = new Thread(this::run, "globe-kafka-plays");
        this.sender.setDaemon(true);
        this.sender.start();
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Queues a play without blocking; false when the queue is full. */
    boolean offer(PlayEvent play) {
        return queue.offer(PlayCodec.encode(play));
    }

    /** The broker acknowledged a tick within {@link #UNHEALTHY_AFTER}. */
    boolean healthy() {
        return sender.isAlive() && System.nanoTime() - lastTickAckNanos < UNHEALTHY_AFTER.toNanos();
    }

    int queued() {
        return queue.size();
    }

    /** Plays (and ticks) taken but never acknowledged by the broker. */
    long failures() {
        return failures.sum();
    }

    /** A tick joins the queue behind the plays offered before it, so it never overtakes them. */
    private void tick() {
        queue.offer(PlayCodec.encodeTick(clockMs.getAsLong()));
    }

    private void run() {
        while (!closing) {
            try {
                byte[] record = queue.take();
                send(record, PlayCodec.isTick(record));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(byte[] value, boolean tick) {
        try {
            producer.send(new ProducerRecord<>(KafkaTopics.PLAYS, value), (metadata, failure) -> {
                if (failure != null) {
                    failed(failure);
                } else if (tick) {
                    lastTickAckNanos = System.nanoTime();
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(e);
        }
    }

    private void failed(Exception cause) {
        failures.increment();
        if (failureLogged.compareAndSet(false, true)) {
            log.warn("globe: the Kafka producer lost plays it had taken; counted from now on (logged once)", cause);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        ticker.shutdownNow();
        sender.interrupt();
        sender.join(2_000);
        producer.close(Duration.ofSeconds(2));
    }
}
