package org.syncroom.signaling.together;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.together.job.KafkaTopics;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.SessionCodec;
import org.syncroom.signaling.together.job.SessionWindow;

/**
 * The server's end of the Kafka path ({@code --plays-kafka}): plays go to
 * {@link KafkaTopics#PLAYS} through a producer that never blocks the room that offers them (a
 * full buffer refuses the play, counted), and every session window on
 * {@link KafkaTopics#SESSIONS} comes back to this server (each server reads every partition
 * from the end: no consumer group, every server sees every window).
 *
 * <p>Plays go out through {@link KafkaPlaySender} (ticks with them, in order, through a broker
 * restart); the link is healthy while that sender is and the sessions topic is being read.
 */
final class KafkaLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaLink.class);
    /** How long start-up waits for a broker before it gives up with an error naming the flag. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** What the producer itself buffers before its send waits. */
    private static final long PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaPlaySender plays;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final LongAdder unreadableSessions = new LongAdder();
    private volatile boolean lastPollOk = true;
    private volatile boolean closing;

    private KafkaLink(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                      Consumer<SessionWindow> sessions, LongSupplier clockMs) {
        this.plays = new KafkaPlaySender(producer, clockMs);
        this.consumer = consumer;
        this.reader = new Thread(() -> read(sessions), "globe-kafka-sessions");
        this.reader.setDaemon(true);
    }

    /**
     * Connects to the brokers, creates the two topics if they are missing, and starts reading sessions.
     *
     * @throws GlobeUnavailableException naming {@code --plays-kafka} when no broker answers in time
     */
    static KafkaLink open(String bootstrap, Consumer<SessionWindow> sessions, LongSupplier clockMs) {
        Properties common = new Properties();
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        common.put(CommonClientConfigs.CLIENT_ID_CONFIG, "sync-room-server");
        try (Admin admin = Admin.create(withTimeouts(common))) {
            admin.describeCluster().nodes().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            createIfMissing(admin, List.of(new NewTopic(KafkaTopics.PLAYS, 1, (short) 1),
                    new NewTopic(KafkaTopics.SESSIONS, 1, (short) 1)));
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new GlobeUnavailableException("--plays-kafka " + bootstrap + ": no Kafka broker answered within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (" + cause + "); start the broker or drop the flag to run the"
                    + " globe's job embedded", cause);
        }
        Properties producing = new Properties();
        producing.putAll(common);
        // Idempotent (it needs acks=all): a retry after the broker comes back neither duplicates nor reorders.
        producing.put(ProducerConfig.ACKS_CONFIG, "all");
        producing.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producing.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        producing.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producing.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(PRODUCER_BUFFER_BYTES));
        // Only KafkaPlaySender's own thread calls send(): it may wait while the broker is away.
        producing.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(KafkaPlaySender.MAX_BLOCK.toMillis()));
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producing, new ByteArraySerializer(), new ByteArraySerializer());
        Properties consuming = new Properties();
        consuming.putAll(common);
        consuming.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consuming, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(KafkaTopics.SESSIONS, CONNECT_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        KafkaLink link = new KafkaLink(producer, consumer, sessions, clockMs);
        link.reader.start();
        return link;
    }

    private static Properties withTimeouts(Properties common) {
        Properties p = new Properties();
        p.putAll(common);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        return p;
    }

    private static void createIfMissing(Admin admin, List<NewTopic> topics) throws Exception {
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created
                : admin.createTopics(topics).values().entrySet()) {
            try {
                created.getValue().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("globe: created Kafka topic {}", created.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Hands a play to the sender without blocking; false when its queue is full. */
    boolean offer(PlayEvent play) {
        return plays.offer(play);
    }

    /**
     * The broker acknowledged a tick lately ({@link KafkaPlaySender#healthy}), the sessions topic
     * is being read, and its last poll did not fail.
     */
    boolean healthy() {
        return plays.healthy() && lastPollOk && reader.isAlive();
    }

    long sendFailures() {
        return plays.failures();
    }

    int queued() {
        return plays.queued();
    }

    private void read(Consumer<SessionWindow> sessions) {
        while (!closing) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    try {
                        sessions.accept(SessionCodec.decode(record.value()));
                    } catch (java.io.IOException e) {
                        unreadableSessions.increment();
                    }
                }
                if (!lastPollOk) {
                    log.info("globe: reading sessions from Kafka again");
                }
                lastPollOk = true;
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (lastPollOk) {
                    log.warn("globe paused: reading sessions from Kafka failed; retrying", e);
                }
                lastPollOk = false;
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        reader.join(CONNECT_TIMEOUT.toMillis());
        consumer.close(Duration.ofSeconds(2));
        plays.close();
    }
}
