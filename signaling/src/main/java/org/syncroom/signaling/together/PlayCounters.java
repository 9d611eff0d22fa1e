package org.syncroom.signaling.together;

import java.util.concurrent.atomic.LongAdder;

/** Plays the server took or refused, by reason; read by the benchmark and the start-up log. */
public final class PlayCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder queueFull = new LongAdder();
    final LongAdder paused = new LongAdder();
    final LongAdder unlocatable = new LongAdder();

    public long accepted() {
        return accepted.sum();
    }

    /** Unknown track, an address that is not a public IPv4 or IPv6 one, or clock far off. */
    public long malformed() {
        return malformed.sum();
    }

    /** The job fell behind and its bounded queue was full. */
    public long queueFull() {
        return queueFull.sum();
    }

    /** Offered while the job was not running. */
    public long paused() {
        return paused.sum();
    }

    /** From an IPv6 address while the GeoIP database is IPv4 only (no {@code --geoip-db-ipv6}): dropped. */
    public long unlocatable() {
        return unlocatable.sum();
    }

    public long dropped() {
        return malformed() + queueFull() + paused() + unlocatable();
    }
}
