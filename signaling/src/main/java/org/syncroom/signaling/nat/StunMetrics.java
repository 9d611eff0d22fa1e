package org.syncroom.signaling.nat;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code syncroom_stun_datagrams_total{outcome}}: what became of each datagram on the STUN port. */
public final class StunMetrics {
    private StunMetrics() {}

    public static void register(PrometheusRegistry registry, StunService stun) {
        CounterWithCallback.builder().name("syncroom_stun_datagrams")
                .help("datagrams on the STUN port by outcome: answered, ignored (STUN but no binding request), "
                        + "malformed (not STUN), over_limit (dropped unread beyond the rate)")
                .labelNames("outcome")
                .callback(cb -> {
                    for (StunResponder.Outcome o : StunResponder.Outcome.values()) {
                        cb.call(stun.count(o), o.label());
                    }
                }).register(registry);
    }
}
