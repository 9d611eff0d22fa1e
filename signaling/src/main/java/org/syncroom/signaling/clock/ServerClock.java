package org.syncroom.signaling.clock;

/** The authoritative room clock. Every timestamp a client sees is in these milliseconds. */
public interface ServerClock {
    /** Milliseconds on the server timeline, with sub-millisecond precision. Never goes backwards. */
    double nowMillis();
}
