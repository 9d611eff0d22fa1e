package org.syncroom.signaling.together;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.syncroom.signaling.together.job.JobSettings;
import org.syncroom.signaling.together.job.LocalChannels;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TogetherJob;

/**
 * The stream job in a Flink local MiniCluster inside this process: plays go in through a
 * bounded queue, sessions come out to a callback. Everything Flink opens is bound to
 * 127.0.0.1 on a free port, and its memory reservations are cut to what this job needs.
 */
public final class EmbeddedJob implements AutoCloseable {
    /** Plays buffered between the server and the job; beyond it plays are refused (and counted). */
    public static final int PLAY_QUEUE_CAPACITY = 262_144;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(20);

    private final BlockingQueue<PlayEvent> plays;
    private final JobClient client;
    private final String channel;
    private volatile boolean closing;

    private EmbeddedJob(BlockingQueue<PlayEvent> plays, JobClient client, String channel) {
        this.plays = plays;
        this.client = client;
        this.channel = channel;
    }

    /** Starts the MiniCluster and submits the job; returns once it is submitted. */
    public static EmbeddedJob start(JobSettings settings, int queueCapacity, Consumer<SessionWindow> sessions)
            throws Exception {
        BlockingQueue<PlayEvent> queue = new ArrayBlockingQueue<>(queueCapacity);
        String channel = "together-" + UUID.randomUUID();
        LocalChannels.register(channel, queue, sessions);
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    Math.max(1, settings.parallelism), flinkConfiguration(settings.parallelism));
            TogetherJob.embedded(env, channel, settings);
            JobClient client = env.executeAsync(TogetherJob.NAME);
            return new EmbeddedJob(queue, client, channel);
        } catch (Exception e) {
            LocalChannels.unregister(channel);
            throw e;
        }
    }

    static Configuration flinkConfiguration(int parallelism) {
        return Configuration.fromMap(Map.ofEntries(
                Map.entry("rest.bind-address", "127.0.0.1"),
                Map.entry("rest.address", "127.0.0.1"),
                Map.entry("rest.bind-port", "0"),
                Map.entry("jobmanager.bind-host", "127.0.0.1"),
                Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                Map.entry("taskmanager.bind-host", "127.0.0.1"),
                Map.entry("taskmanager.host", "127.0.0.1"),
                Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(Math.max(1, parallelism))),
                Map.entry("taskmanager.memory.network.min", "16mb"),
                Map.entry("taskmanager.memory.network.max", "16mb"),
                Map.entry("taskmanager.memory.managed.size", "16mb"),
                Map.entry("pipeline.auto-watermark-interval", "100 ms"),
                Map.entry("restart-strategy.type", "fixed-delay"),
                Map.entry("restart-strategy.fixed-delay.attempts", "3"),
                Map.entry("restart-strategy.fixed-delay.delay", "2 s")));
    }

    /** Calls {@code listener} once with the cause if the job ends in failure (not on {@link #close}). */
    public void onFailure(Consumer<Throwable> listener) {
        client.getJobExecutionResult().whenComplete((result, failure) -> {
            if (failure != null && !closing) {
                listener.accept(failure);
            }
        });
    }

    /** Hands a play to the job without blocking; false when the queue is full. */
    public boolean offer(PlayEvent play) {
        return plays.offer(play);
    }

    public int queued() {
        return plays.size();
    }

    /** The job's status, or FAILED if it cannot be asked. */
    public JobStatus status() {
        try {
            return client.getJobStatus().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return JobStatus.FAILED;
        }
    }

    /** Cancels the job without releasing the channel, as a failure would stop it (tests). */
    void cancel() throws Exception {
        client.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels the job and waits for the MiniCluster to stop (so it leaves nothing in /tmp). */
    @Override
    public void close() throws Exception {
        closing = true;
        try {
            if (!status().isGloballyTerminalState()) {
                client.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            client.getJobExecutionResult().handle((r, e) -> null)
                    .get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            LocalChannels.unregister(channel);
        }
    }
}
