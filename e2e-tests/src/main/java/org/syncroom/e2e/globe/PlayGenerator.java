package org.syncroom.e2e.globe;

import java.util.concurrent.locks.LockSupport;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.together.Plays;

/**
 * Offers synthetic plays at a steady rate through the server's {@link Plays} entry point, in
 * 1 ms slices, and records how many it offered in each millisecond of server time so the
 * latency of every play can be computed when its window reaches the endpoint.
 */
final class PlayGenerator implements Runnable {
    static final int TRACKS = 1_000;

    private final Plays plays;
    private final ServerClock clock;
    private final String[] addresses;
    private final String[] tracks = new String[TRACKS];
    private final int playsPerSec;
    final long startMs;
    final long endMs;
    /** Plays offered in each millisecond from {@link #startMs}. */
    final int[] offeredPerMs;
    volatile long offered;
    volatile long behindMsMax;
    /** CPU time of the generator thread itself, ns, once it is done. */
    volatile long cpuNs;

    PlayGenerator(Plays plays, ServerClock clock, String[] addresses, int playsPerSec, long startMs, int seconds) {
        this.plays = plays;
        this.clock = clock;
        this.addresses = addresses;
        this.playsPerSec = playsPerSec;
        this.startMs = startMs;
        this.endMs = startMs + seconds * 1_000L;
        this.offeredPerMs = new int[seconds * 1_000];
        for (int i = 0; i < TRACKS; i++) {
            tracks[i] = "Synthetic Artist " + (i % 97) + " - Track " + i + " (3:" + (10 + i % 50) + ")";
        }
    }

    @Override
    public void run() {
        long rng = 0x2545F4914F6CDD1DL;
        long done = 0;
        while (true) {
            long now = (long) clock.nowMillis();
            if (now >= endMs) {
                break;
            }
            if (now < startMs) {
                LockSupport.parkNanos((startMs - now) * 1_000_000L);
                continue;
            }
            long due = (now - startMs + 1) * playsPerSec / 1_000;
            int slot = (int) (now - startMs);
            while (done < due) {
                rng ^= rng << 13;
                rng ^= rng >>> 7;
                rng ^= rng << 17;
                int r = (int) (rng >>> 33);
                plays.play(now, tracks[r % TRACKS], addresses[(r >>> 10) % addresses.length], "bench-room");
                offeredPerMs[slot]++;
                done++;
            }
            offered = done;
            long late = (long) clock.nowMillis() - now;
            if (late > behindMsMax) {
                behindMsMax = late;
            }
            LockSupport.parkNanos(200_000);
        }
        offered = done;
        cpuNs = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
