package org.syncroom.signaling.together;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the Listening Together globe reports on {@code /metrics}: plays by outcome (the
 * {@link PlayCounters}, read when scraped), whether the globe is live, and the plays waiting
 * for the embedded job.
 */
public final class GlobeMetrics {
    private GlobeMetrics() {}

    public static void register(PrometheusRegistry registry, Globe globe) {
        PlayCounters plays = globe.counters();
        CounterWithCallback.builder().name("syncroom_globe_plays")
                .help("plays rooms offered to the globe, by outcome: accepted, malformed (no track, not a public"
                        + " address, clock far off), queue_full, paused (job not running), unlocatable (IPv6 without"
                        + " an IPv6 database), kafka_lost (taken, never acknowledged by the broker)")
                .labelNames("outcome")
                .callback(cb -> {
                    cb.call(plays.accepted(), "accepted");
                    cb.call(plays.malformed(), "malformed");
                    cb.call(plays.queueFull(), "queue_full");
                    cb.call(plays.paused(), "paused");
                    cb.call(plays.unlocatable(), "unlocatable");
                    cb.call(globe.kafkaSendFailures(), "kafka_lost");
                })
                .register(registry);
        GaugeWithCallback.builder().name("syncroom_globe_live")
                .help("1 while the /together page says the globe is live, 0 while it says off, starting or paused")
                .callback(cb -> cb.call(globe.latest().snapshot().status() == GlobeStatus.LIVE ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder().name("syncroom_globe_queued_plays")
                .help("plays waiting in the queue to the embedded job")
                .callback(cb -> cb.call(globe.queued()))
                .register(registry);
    }
}
