package org.syncroom.signaling.together;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.syncroom.signaling.together.job.JobSettings;
import org.syncroom.signaling.together.job.LocalChannels;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TogetherJob;

/**
 * The stream job in a Flink local MiniCluster inside this process: plays go in through a
 * bounded queue, sessions come out to a callback. Everything Flink opens is bound to
 * 127.0.0.1 on a free port, and its memory reservations are cut to what this job needs. The
 * MiniCluster is ours (not the one a local environment starts per job) so that closing can
 * wait for it to stop and it leaves nothing behind in the temp directory.
 */
public final class EmbeddedJob implements AutoCloseable {
    /** Plays buffered between the server and the job; beyond it plays are refused (and counted). */
    public static final int PLAY_QUEUE_CAPACITY = 262_144;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(20);

    private final BlockingQueue<PlayEvent> plays;
    private final MiniCluster cluster;
    private final JobID jobId;
    private final String channel;
    private volatile boolean closing;

    private EmbeddedJob(BlockingQueue<PlayEvent> plays, MiniCluster cluster, JobID jobId, String channel) {
        this.plays = plays;
        this.cluster = cluster;
        this.jobId = jobId;
        this.channel = channel;
    }

    /** Starts the MiniCluster and submits the job; returns once it is submitted. */
    public static EmbeddedJob start(JobSettings settings, int queueCapacity, Consumer<SessionWindow> sessions)
            throws Exception {
        BlockingQueue<PlayEvent> queue = new ArrayBlockingQueue<>(queueCapacity);
        String channel = "together-" + UUID.randomUUID();
        int slots = Math.max(1, settings.parallelism);
        Configuration configuration = flinkConfiguration(slots);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        LocalChannels.register(channel, queue, sessions);
        try {
            cluster.start();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(configuration);
            env.setParallelism(slots);
            TogetherJob.embedded(env, channel, settings);
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName(TogetherJob.NAME);
            graph.setJobId(new JobID());
            JobID id = cluster.submitJob(graph).get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobID();
            return new EmbeddedJob(queue, cluster, id, channel);
        } catch (Exception e) {
            LocalChannels.unregister(channel);
            cluster.closeAsync().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    static Configuration flinkConfiguration(int slots) {
        return Configuration.fromMap(Map.ofEntries(
                Map.entry("rest.bind-address", "127.0.0.1"),
                Map.entry("rest.address", "127.0.0.1"),
                Map.entry("rest.bind-port", "0"),
                Map.entry("jobmanager.bind-host", "127.0.0.1"),
                Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                Map.entry("taskmanager.bind-host", "127.0.0.1"),
                Map.entry("taskmanager.host", "127.0.0.1"),
                Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(slots)),
                Map.entry("taskmanager.memory.network.min", "16mb"),
                Map.entry("taskmanager.memory.network.max", "16mb"),
                Map.entry("taskmanager.memory.managed.size", "16mb"),
                Map.entry("pipeline.auto-watermark-interval", "50 ms"),
                // Safe here: no operator keeps input records in state (samples copy the address).
                Map.entry("pipeline.object-reuse", "true"),
                Map.entry("restart-strategy.type", "fixed-delay"),
                Map.entry("restart-strategy.fixed-delay.attempts", "3"),
                Map.entry("restart-strategy.fixed-delay.delay", "2 s")));
    }

    /** Calls {@code listener} once with the cause if the job ends other than by {@link #close}. */
    public void onFailure(Consumer<Throwable> listener) {
        cluster.requestJobResult(jobId).whenComplete((result, failure) -> {
            if (closing) {
                return;
            }
            if (failure != null) {
                listener.accept(failure);
            } else if (!result.isSuccess()) {
                listener.accept(result.getSerializedThrowable()
                        .<Throwable>map(t -> t.deserializeError(EmbeddedJob.class.getClassLoader()))
                        .orElseGet(() -> new IllegalStateException("job ended " + result.getJobStatus().orElse(null))));
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
            return cluster.getJobStatus(jobId).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return JobStatus.FAILED;
        }
    }

    /** Cancels the job and leaves the cluster up, as a failure would stop it (tests). */
    void cancel() throws Exception {
        cluster.cancelJob(jobId).get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the TaskManager running the job's tasks, as a crash of it would, and starts a fresh
     * one for the restarts (tests): every task fails and the job restarts on its strategy.
     */
    void loseTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        cluster.startTaskManager();
    }

    /** Cancels the job, waits for it to end and stops the MiniCluster. */
    @Override
    public void close() throws Exception {
        closing = true;
        try {
            if (!status().isGloballyTerminalState()) {
                cluster.cancelJob(jobId).get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            cluster.requestJobResult(jobId).handle((r, e) -> null)
                    .get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            LocalChannels.unregister(channel);
            cluster.closeAsync().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
