package org.syncroom.signaling.http;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.syncroom.signaling.limits.LimitKind;
import org.syncroom.signaling.nat.StunMetrics;
import org.syncroom.signaling.nat.StunService;
import org.syncroom.signaling.room.RoomRegistry;
import org.syncroom.signaling.together.Globe;
import org.syncroom.signaling.together.GlobeMetrics;

/** What {@code /metrics} reports, in one registry per server (tests run several servers). */
@Singleton
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong outgoingQueuePeakBytes = new AtomicLong();
    private final Gauge sockets;
    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Counter closes;
    private final Counter rejected;
    private final Counter malformed;
    private final Counter queueDrops;

    @Inject
    public ServerMetrics(RoomRegistry rooms, Globe globe, StunService stun) {
        GaugeWithCallback.builder().name("syncroom_rooms").help("rooms held")
                .callback(cb -> cb.call(rooms.size())).register(registry);
        sockets = Gauge.builder().name("syncroom_sockets").help("open signalling sockets").register(registry);
        messagesIn = Counter.builder().name("syncroom_messages_in").help("client messages accepted, by type")
                .labelNames("type").register(registry);
        messagesOut = Counter.builder().name("syncroom_messages_out").help("server messages written")
                .register(registry);
        closes = Counter.builder().name("syncroom_closes").help("sockets closed, by close code and reason")
                .labelNames("code", "reason").register(registry);
        rejected = Counter.builder().name("syncroom_rejected")
                .help("messages dropped or connections refused by a limit").labelNames("limit").register(registry);
        malformed = Counter.builder().name("syncroom_malformed").help("malformed messages refused, by error code")
                .labelNames("code").register(registry);
        queueDrops = Counter.builder().name("syncroom_queue_drops")
                .help("server messages not queued because a socket's outgoing queue was full or closing")
                .register(registry);
        GaugeWithCallback.builder().name("syncroom_outgoing_queue_peak_bytes")
                .help("largest outgoing queue any socket has had, in bytes")
                .callback(cb -> cb.call(outgoingQueuePeakBytes.get())).register(registry);
        CounterWithCallback.builder().name("syncroom_member_status_dropped")
                .help("member-status messages dropped for coming more often than a page may send them")
                .callback(cb -> cb.call(rooms.rosterCounters().statusesDropped())).register(registry);
        CounterWithCallback.builder().name("syncroom_rosters_sent").help("roster messages sent, one per recipient")
                .callback(cb -> cb.call(rooms.rosterCounters().rostersSent())).register(registry);
        CounterWithCallback.builder().name("syncroom_roster_bytes")
                .help("upper bound of the bytes roster messages took (each room keeps within 512 KiB/s)")
                .callback(cb -> cb.call(rooms.rosterCounters().rosterBytes())).register(registry);
        GlobeMetrics.register(registry, globe);
        StunMetrics.register(registry, stun);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void socketOpened() {
        sockets.inc();
    }

    public void socketClosed(int code, String reason) {
        sockets.dec();
        closes.labelValues(Integer.toString(code), reason).inc();
    }

    public void messageIn(String type) {
        messagesIn.labelValues(type).inc();
    }

    public void messageOut() {
        messagesOut.inc();
    }

    public void rejected(LimitKind limit) {
        rejected.labelValues(limit.label()).inc();
    }

    public void malformed(String code) {
        malformed.labelValues(code).inc();
    }

    public void queueDrop() {
        queueDrops.inc();
    }

    public void outgoingQueued(long bytes) {
        outgoingQueuePeakBytes.accumulateAndGet(bytes, Math::max);
    }

    /** Sockets closed so far with this code and reason label. */
    public double closeCount(int code, String reason) {
        return closes.labelValues(Integer.toString(code), reason).get();
    }

    public double rejectedCount(LimitKind limit) {
        return rejected.labelValues(limit.label()).get();
    }

    public long outgoingQueuePeakBytes() {
        return outgoingQueuePeakBytes.get();
    }
}
