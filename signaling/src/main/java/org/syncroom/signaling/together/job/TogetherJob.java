package org.syncroom.signaling.together.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
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
 * Sources and sinks are FLIP-27 / Sink V2; {@link #embedded} wires the in-process queues.
 */
public final class TogetherJob {
    public static final String NAME = "listening-together";

    private TogetherJob() {}

    /** The pipeline between any play stream (timestamps and watermarks assigned) and its sessions. */
    public static DataStream<SessionWindow> sessions(DataStream<PlayEvent> plays, JobSettings settings) {
        Duration window = Duration.ofMillis(settings.windowMs);
        return plays
                .filter(new CheckPlays(settings.denylist)).name("check plays")
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
}
