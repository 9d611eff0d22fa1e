package org.syncroom.signaling.together.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The Listening Together stream job: plays in, sessions out.
 *
 * <pre>
 * plays ─ CheckPlays (rules, denylisted ranges) ─ PreSample (per-task count + sample per
 *       track and window) ─ keyBy track ─ 1 s event-time window ─ SamplePlays (merge)
 *       ─ LocateCities (ASN denylist, GeoIP)
 *       ─ windowAll 1 s ─ TopTracks (single-place filter, bounded tracks) ─ sessions
 * </pre>
 *
 * Sources and sinks are FLIP-27 / Sink V2; {@link #embedded} wires the in-process queues,
 * {@link #onKafka} the topics of the Kafka path, and {@link #main} runs that on a Flink cluster
 * (the {@code together-job} jar: {@code flink run -c ...TogetherJob job.jar --kafka host:port --geoip-db FILE}).
 */
public final class TogetherJob {
    public static final String NAME = "listening-together";
    /** Consumer group of the job on the plays topic. */
    public static final String GROUP = "syncroom-together-job";
    /**
     * How long plays may wait in the servers' producers on the Kafka path (a broker restart; an
     * unclean one took 13 s in ./run-kafka-test) and still count. Servers tick the plays topic
     * ({@link Ticks}), so the watermark moves with their records, not the job's clock: only after
     * this long without any record (no server up, or the broker away) does it follow the wall
     * clock, less this much.
     */
    public static final long KAFKA_MAX_PLAY_AGE_MS = 60_000;
    /**
     * On a cluster the job checkpoints (source offsets and window state) this often, so a task
     * that fails restarts from there: what it loses is the window in flight.
     */
    static final long CHECKPOINT_INTERVAL_MS = 10_000;
    private static final String DEFAULT_DENYLIST = "/together/denylist.txt";

    private TogetherJob() {}

    /** The pipeline between any play stream (timestamps and watermarks assigned) and its sessions. */
    public static DataStream<SessionWindow> sessions(DataStream<PlayEvent> plays, JobSettings settings) {
        Duration window = Duration.ofMillis(settings.windowMs);
        return plays
                .filter(new CheckPlays(settings.denylist, settings.maxPlayAgeMs)).name("check plays")
                .transform("pre-sample", TypeInformation.of(TrackSample.class),
                        new PreSample(settings.windowMs, settings.maxPlaysSampledPerTrack))
                .keyBy(sample -> sample.trackKey)
                .window(TumblingEventTimeWindows.of(window))
                .aggregate(new SamplePlays(settings.maxPlaysSampledPerTrack), new LocateCities(settings))
                .name("sample and locate").setParallelism(settings.parallelism)
                .windowAll(TumblingEventTimeWindows.of(window))
                .aggregate(new TopTracks(settings.maxTracksPerWindow), new TopTracks.Stamp())
                .name("top shared tracks");
    }

    public static WatermarkStrategy<PlayEvent> watermarks(JobSettings settings) {
        return WatermarkStrategy.<PlayEvent>forGenerator(context -> new WallClockWatermarks(settings.watermarkDelayMs))
                .withTimestampAssigner((play, previous) -> play.serverTimeMs);
    }

    /** Reads plays from and writes sessions to the {@link LocalChannels} named {@code channel}. */
    public static void embedded(StreamExecutionEnvironment env, String channel, JobSettings settings) {
        DataGeneratorSource<PlayEvent> source = new DataGeneratorSource<>(
                new QueuedPlays(channel), Long.MAX_VALUE, RateLimiterStrategy.noOp(),
                TypeInformation.of(PlayEvent.class));
        DataStream<PlayEvent> plays = env.fromSource(source, watermarks(settings), "plays").setParallelism(1);
        sessions(plays, settings).sinkTo(new LocalSessionSink(channel)).name("sessions").setParallelism(1);
    }

    /**
     * Reads plays from {@link KafkaTopics#PLAYS} and writes sessions to {@link KafkaTopics#SESSIONS}
     * on the brokers at {@code bootstrap}. A record that is not a play is counted as malformed.
     */
    public static void onKafka(StreamExecutionEnvironment env, String bootstrap, JobSettings settings) {
        KafkaSource<PlayEvent> source = KafkaSource.<PlayEvent>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(KafkaTopics.PLAYS)
                .setGroupId(GROUP)
                .setStartingOffsets(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new PlayRecords())
                .build();
        WatermarkStrategy<PlayEvent> watermarks = WatermarkStrategy
                .<PlayEvent>forGenerator(context -> new WallClockWatermarks(settings.watermarkDelayMs,
                        settings.maxPlayAgeMs))
                .withTimestampAssigner((play, previous) -> play.serverTimeMs);
        DataStream<PlayEvent> plays = env.fromSource(source, watermarks, "plays (kafka)").setParallelism(1);
        KafkaSink<SessionWindow> sink = KafkaSink.<SessionWindow>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<SessionWindow>builder()
                        .setTopic(KafkaTopics.SESSIONS)
                        .setValueSerializationSchema(new SessionRecords())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        sessions(plays, settings).sinkTo(sink).name("sessions (kafka)").setParallelism(1);
    }

    /** Session windows to Kafka records (a named class: Flink cannot infer a lambda's types here). */
    static final class SessionRecords implements SerializationSchema<SessionWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(SessionWindow window) {
            return SessionCodec.encode(window);
        }
    }

    /** Kafka records to plays; one that is not a play becomes a play with no track, which CheckPlays counts. */
    static final class PlayRecords extends AbstractDeserializationSchema<PlayEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public PlayEvent deserialize(byte[] message) {
            PlayEvent play = PlayCodec.decode(message);
            return play != null ? play : new PlayEvent(0, "", 0, "unreadable");
        }
    }

    /**
     * The job on a Flink cluster, over Kafka: {@code --kafka host:port --geoip-db FILE
     * [--geoip-db-ipv6 FILE] [--denylist FILE] [--asn-db FILE]}. The files are opened where the job's tasks run.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --flag value pairs, got " + args[i]);
            }
            flags.put(args[i], args[i + 1]);
        }
        String kafka = flags.get("--kafka");
        String geoIp = flags.get("--geoip-db");
        if (kafka == null || geoIp == null || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: TogetherJob --kafka host:port --geoip-db FILE"
                    + " [--geoip-db-ipv6 FILE] [--denylist FILE] [--asn-db FILE]");
        }
        JobSettings settings = new JobSettings();
        settings.geoIpDbPath = geoIp;
        settings.geoIpIpv6DbPath = flags.get("--geoip-db-ipv6");
        settings.asnDbPath = flags.get("--asn-db");
        settings.denylist = denylist(flags.get("--denylist"));
        settings.maxPlayAgeMs = KAFKA_MAX_PLAY_AGE_MS;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().setAutoWatermarkInterval(50);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS, CheckpointingMode.AT_LEAST_ONCE);
        onKafka(env, kafka, settings);
        env.execute(NAME);
    }

    /** The denylist in {@code path}, or the default one in the jar when null. */
    public static Denylist denylist(String path) throws IOException {
        try (InputStream in = path == null ? TogetherJob.class.getResourceAsStream(DEFAULT_DENYLIST)
                : Files.newInputStream(Path.of(path));
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Denylist.parse(reader);
        }
    }
}
