package org.syncroom.signaling.together.job;

import java.io.Serializable;

/**
 * The job's bounds and inputs, shipped with the job graph. The denylist travels parsed; the
 * GeoIP and ASN files are opened by path where the job runs (same machine when embedded).
 */
public class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Tumbling event-time window length. */
    public long windowMs = 1_000;
    /**
     * How far the watermark trails the latest play read: a play more out of order than this
     * misses its window. Plays are stamped by the server as they are offered, so they arrive
     * nearly in order and a small value is enough; most of the latency is the window itself.
     */
    public long watermarkDelayMs = 100;
    /**
     * Oldest play the job takes (against its wall clock). Embedded, plays arrive within
     * milliseconds; on Kafka they may have waited out a broker restart ({@link TogetherJob#KAFKA_MAX_PLAY_AGE_MS}).
     */
    public long maxPlayAgeMs = PlayRules.MAX_CLOCK_OFFSET_MS;
    /** Addresses looked up per track and window; beyond it the sample is uniform. */
    public int maxPlaysSampledPerTrack = 32;
    /** Shared tracks emitted per window, most played first. */
    public int maxTracksPerWindow = 50;
    public String geoIpDbPath;
    /** IPv6 city database when {@link #geoIpDbPath} is IPv4 only (DB-IP); null: none. */
    public String geoIpIpv6DbPath;
    /** Optional ASN database for the denylist's AS entries; null for none. */
    public String asnDbPath;
    public Denylist denylist = Denylist.empty();
    /** Parallelism of the keyed part (sampling and lookup). */
    public int parallelism = 1;

    public JobSettings() {}
}
