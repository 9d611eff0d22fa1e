package org.syncroom.e2e.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.GlobeStatus;
import org.syncroom.signaling.together.job.KafkaTopics;
import org.syncroom.signaling.together.job.PlayCodec;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.SessionCodec;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TrackSession;

/**
 * The second half of ./run-kafka-test: a broker restart while plays flow. Plays of one track
 * from two cities go in through the server every 100 ms for {@link #FEED_MS}; {@link #KILL_AT_MS}
 * in, the broker is killed (SIGKILL) and started again on the same ports and log directory.
 * Every 1 s window of the feed is then looked for on the sessions topic, with the plays it
 * counted against the plays offered in it. Passes when at most one window (the one in flight)
 * is missing or short, every window from two seconds after the broker is back is complete, the
 * page was told the globe paused while the broker was away, and it went live again.
 */
final class BrokerRestartCheck {
    private static final String TRACK = "Kafka Artist - Through The Restart (3:00)";
    static final long FEED_MS = 24_000;
    static final long KILL_AT_MS = 6_000;
    private static final long PLAY_EVERY_MS = 100;
    private static final Duration DRAIN = Duration.ofSeconds(40);
    /** Windows that may be lost: the one in flight when the broker went. */
    static final int ALLOWED_LOST_WINDOWS = 1;

    private final SignalingServer server;
    private final KafkaTestBroker broker;
    private final Map<String, String> addresses;
    private final TreeMap<Long, Long> offered = new TreeMap<>();
    /** Window start → plays the window counted for the track (the latest copy, if repeated). */
    private final TreeMap<Long, Long> counted = new TreeMap<>();
    /** Window start → the track's plays on the plays topic, read back at the end. */
    private final TreeMap<Long, Long> onTopic = new TreeMap<>();

    BrokerRestartCheck(SignalingServer server, KafkaTestBroker broker, Map<String, String> addresses) {
        this.server = server;
        this.broker = broker;
        this.addresses = addresses;
    }

    boolean run() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        boolean pausedSeen = false;
        Long downAtMs = null;
        Long upAtMs = null;
        Long liveAgainMs = null;
        Long firstSessionAfterUpMs = null;
        try (KafkaConsumer<byte[], byte[]> sessions = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(KafkaTopics.SESSIONS, 0);
            sessions.assign(List.of(partition));
            sessions.seekToEnd(List.of(partition));
            sessions.position(partition);
            long feedFromMs = System.currentTimeMillis();
            long feedUntilMs = feedFromMs + FEED_MS;
            long nextPlayMs = feedFromMs;
            System.out.printf(Locale.ROOT, "[kafka] restart: plays for %d s, broker killed %d s in%n",
                    FEED_MS / 1000, KILL_AT_MS / 1000);
            long drainUntilMs = feedUntilMs + DRAIN.toMillis();
            while (System.currentTimeMillis() < drainUntilMs && !allArrived(feedFromMs, feedUntilMs)) {
                long now = System.currentTimeMillis();
                if (now < feedUntilMs && now >= nextPlayMs) {
                    server.globe().play(now, TRACK, addresses.get("Sydney/AU"), "room-restart");
                    server.globe().play(now, TRACK, addresses.get("Tokyo/JP"), "room-restart");
                    offered.merge(now - Math.floorMod(now, 1_000L), 2L, Long::sum);
                    nextPlayMs += PLAY_EVERY_MS;
                }
                if (downAtMs == null && now - feedFromMs >= KILL_AT_MS) {
                    broker.kill();
                    downAtMs = System.currentTimeMillis();
                    System.out.println("[kafka] restart: broker killed");
                    // Its start takes seconds; plays keep coming meanwhile (the loop is not held up).
                    Thread restart = new Thread(() -> {
                        try {
                            broker.startAgain();
                        } catch (Exception e) {
                            throw new IllegalStateException("the broker did not start again", e);
                        }
                    }, "broker-restart");
                    restart.start();
                    continue;
                }
                if (downAtMs != null && upAtMs == null && listening()) {
                    upAtMs = System.currentTimeMillis();
                    System.out.printf(Locale.ROOT, "[kafka] restart: broker listening again %.1f s after the kill%n",
                            (upAtMs - downAtMs) / 1000.0);
                }
                GlobeStatus status = server.globe().status();
                if (downAtMs != null && status == GlobeStatus.PAUSED) {
                    pausedSeen = true;
                }
                if (pausedSeen && liveAgainMs == null && status == GlobeStatus.LIVE) {
                    liveAgainMs = System.currentTimeMillis();
                }
                for (ConsumerRecord<byte[], byte[]> record : sessions.poll(Duration.ofMillis(20))) {
                    SessionWindow window = SessionCodec.decode(record.value());
                    for (TrackSession session : window.sessions) {
                        if (TRACK.equals(session.trackKey) && session.cities.length == 2) {
                            counted.put(window.windowStartMs, session.plays);
                            if (upAtMs != null && firstSessionAfterUpMs == null) {
                                firstSessionAfterUpMs = System.currentTimeMillis();
                            }
                        }
                    }
                }
            }
            countOnPlaysTopic(props);
            return report(feedFromMs, feedUntilMs, downAtMs, upAtMs, pausedSeen, liveAgainMs, firstSessionAfterUpMs);
        }
    }

    /** Where a loss happened: the track's plays per window as the plays topic holds them. */
    private void countOnPlaysTopic(Properties props) {
        try (KafkaConsumer<byte[], byte[]> plays = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(KafkaTopics.PLAYS, 0);
            plays.assign(List.of(partition));
            plays.seekToBeginning(List.of(partition));
            long end = plays.endOffsets(List.of(partition)).get(partition);
            while (plays.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : plays.poll(Duration.ofMillis(500))) {
                    PlayEvent play = PlayCodec.decode(record.value());
                    if (play != null && TRACK.equals(play.trackKey)) {
                        onTopic.merge(play.serverTimeMs - Math.floorMod(play.serverTimeMs, 1_000L), 1L, Long::sum);
                    }
                }
            }
        }
    }

    private boolean listening() {
        try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", broker.port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The full windows of the feed: from the first whole second after it began to the last whole one. */
    private static long firstWindow(long feedFromMs) {
        return (feedFromMs / 1_000 + 1) * 1_000;
    }

    private static long lastWindow(long feedUntilMs) {
        return (feedUntilMs / 1_000 - 1) * 1_000;
    }

    private boolean allArrived(long feedFromMs, long feedUntilMs) {
        if (System.currentTimeMillis() < feedUntilMs) {
            return false;
        }
        for (long w = firstWindow(feedFromMs); w <= lastWindow(feedUntilMs); w += 1_000) {
            if (!counted.getOrDefault(w, -1L).equals(offered.get(w))) {
                return false;
            }
        }
        return true;
    }

    private boolean report(long feedFromMs, long feedUntilMs, Long downAtMs, Long upAtMs, boolean pausedSeen,
                           Long liveAgainMs, Long firstSessionAfterUpMs) {
        int windows = 0;
        int lost = 0;
        int lostAfterUp = 0;
        StringBuilder lines = new StringBuilder();
        for (long w = firstWindow(feedFromMs); w <= lastWindow(feedUntilMs); w += 1_000) {
            windows++;
            long want = offered.getOrDefault(w, 0L);
            Long got = counted.get(w);
            boolean whole = got != null && got == want;
            if (!whole) {
                lost++;
                if (upAtMs != null && w >= upAtMs + 2_000) {
                    lostAfterUp++;
                }
            }
            String phase = downAtMs != null && w + 1_000 > downAtMs && (upAtMs == null || w < upAtMs) ? " (broker away)" : "";
            lines.append(String.format(Locale.ROOT, "  window +%5.1f s: offered %d, on the plays topic %d, counted %s%s%s%n",
                    (w - feedFromMs) / 1000.0, want, onTopic.getOrDefault(w, 0L), got == null ? "none" : got,
                    whole ? "" : "  <- lost", phase));
        }
        System.out.print(lines);
        System.out.printf(Locale.ROOT, "[kafka] restart: server took %d plays, refused %d (producer full or no"
                        + " metadata), %d failed after they were taken%n", server.globe().counters().accepted(),
                server.globe().counters().queueFull(), server.globe().kafkaSendFailures());
        System.out.printf(Locale.ROOT, "[kafka] restart: %d windows, %d lost or short (allowed %d, the window in flight),"
                        + " %d of them 2 s after the broker was back; globe paused while it was away: %s, live again"
                        + " %s after it listened; first session on the topic %s after it listened%n",
                windows, lost, ALLOWED_LOST_WINDOWS, lostAfterUp, pausedSeen,
                since(liveAgainMs, upAtMs), since(firstSessionAfterUpMs, upAtMs));
        return upAtMs != null && lost <= ALLOWED_LOST_WINDOWS && lostAfterUp == 0 && pausedSeen && liveAgainMs != null;
    }

    private static String since(Long at, Long from) {
        return at == null || from == null ? "never" : String.format(Locale.ROOT, "%.1f s", (at - from) / 1000.0);
    }
}
