package org.syncroom.e2e.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The other bad clients, each on its own thread until the deadline: flooders (time-requests at
 * {@link #FLOOD_PER_SEC}, 25 times the probe limit; paced, because attacker and server share
 * this machine's two cores), sprayers of malformed frames, and churners that join a room and
 * drop their TCP connection abruptly. Each reconnects when it is closed (flooders and sprayers
 * a second later).
 */
final class Nuisances {
    static final int FLOOD_PER_SEC = 500;
    /** A flooder or sprayer the server closed comes back after this long. */
    static final long RECONNECT_AFTER_CLOSE_MS = 1_000;
    private static final List<String> MALFORMED = List.of(
            "{\"type\":\"time-request\",\"t0\":\"12.5\"}",
            "{\"type\":\"join\"}",
            "{\"type\":\"explode\"}",
            "{\"type\":\"signal\",\"to\":\"x\",\"from\":\"host\",\"data\":{}}",
            "not json at all",
            "[1,2,3]");

    private final Clients clients;
    private final long deadlineNs;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger framesSent = new AtomicInteger();

    Nuisances(Clients clients, long deadlineNs) {
        this.clients = clients;
        this.deadlineNs = deadlineNs;
    }

    private boolean running() {
        return System.nanoTime() < deadlineNs;
    }

    void flood(String address) {
        while (running()) {
            Wire wire = open(address);
            long startNs = System.nanoTime();
            for (int i = 0; wire != null && wire.isOpen() && running(); i++) {
                if (!wire.sendAndWait("{\"type\":\"time-request\",\"t0\":" + i + "}")) {
                    break;
                }
                framesSent.incrementAndGet();
                long dueNs = startNs + (i + 1) * 1_000_000_000L / FLOOD_PER_SEC;
                long aheadMs = (dueNs - System.nanoTime()) / 1_000_000;
                if (aheadMs > 0) {
                    pause(aheadMs);
                }
            }
            pause(RECONNECT_AFTER_CLOSE_MS);
        }
    }

    void spray(String address) {
        while (running()) {
            Wire wire = open(address);
            for (int i = 0; wire != null && wire.isOpen() && running(); i++) {
                boolean binary = i % 7 == 6;
                if (binary) {
                    wire.session.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}),
                            Callback.from(() -> { }, failed -> wire.failedWrites.incrementAndGet()));
                } else if (!wire.sendAndWait(MALFORMED.get(i % MALFORMED.size()))) {
                    break;
                }
                framesSent.incrementAndGet();
                pause(20);
            }
            pause(RECONNECT_AFTER_CLOSE_MS);
        }
    }

    void churn(String address, Supplier<String> invites) {
        while (running()) {
            Wire wire = open(address);
            if (wire != null) {
                wire.send("{\"type\":\"join\",\"invite\":\"" + invites.get() + "\",\"relay\":true}");
                pause(ThreadLocalRandom.current().nextLong(1_000, 3_000));
                wire.abort();
            }
            pause(100);
        }
    }

    private Wire open(String address) {
        Wire wire = new Wire(m -> { }, code -> { });
        try {
            clients.connect(wire, address, 0);
            connections.incrementAndGet();
            return wire;
        } catch (Exception refused) {
            return null;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
