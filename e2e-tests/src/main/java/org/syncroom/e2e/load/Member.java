package org.syncroom.e2e.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved host or listener: syncs its clock the way the browser client does (a burst of
 * probes every 2 s), keeps every playback version it is told about, and records round trips.
 */
final class Member {
    private static final long PROBE_BURST = 4;

    final String name;
    final Wire wire;
    final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    final CompletableFuture<JsonNode> roomCreated = new CompletableFuture<>();
    final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    final Set<Long> playbackVersions = new ConcurrentSkipListSet<>();
    final ConcurrentLinkedQueue<Double> probeRttMs;
    final Set<String> errorCodes = ConcurrentHashMap.newKeySet();
    final AtomicInteger signalsReceived = new AtomicInteger();
    final ConcurrentLinkedQueue<String> peersJoined = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Double, Long> probesInFlight = new ConcurrentHashMap<>();
    private volatile double serverOffsetMs;
    volatile Integer closeCode;
    volatile java.util.function.DoubleConsumer onRtt = rtt -> { };

    Member(String name, ConcurrentLinkedQueue<Double> probeRttMs) {
        this.name = name;
        this.probeRttMs = probeRttMs;
        this.wire = new Wire(this::onMessage, code -> closeCode = code);
    }

    private void onMessage(JsonNode m) {
        long nowNs = System.nanoTime();
        switch (m.get("type").asText()) {
            case "welcome" -> {
                serverOffsetMs = m.get("serverTime").asDouble() - nowNs / 1e6;
                welcome.complete(m);
            }
            case "time-response" -> {
                Long sentNs = probesInFlight.remove(m.get("t0").asDouble());
                if (sentNs != null) {
                    double rtt = (nowNs - sentNs) / 1e6;
                    probeRttMs.add(rtt);
                    onRtt.accept(rtt);
                    double t1 = m.get("t1").asDouble();
                    double t2 = m.get("t2").asDouble();
                    serverOffsetMs = (t1 + t2) / 2 - (sentNs + nowNs) / 2e6;
                }
            }
            case "room-created" -> roomCreated.complete(m);
            case "joined" -> {
                playbackVersions.add(m.get("playback").get("version").asLong());
                joined.complete(m);
            }
            case "playback" -> playbackVersions.add(m.get("playback").get("version").asLong());
            case "peer-joined" -> peersJoined.add(m.get("peerId").asText());
            case "signal" -> signalsReceived.incrementAndGet();
            case "error" -> errorCodes.add(m.get("code").asText());
            default -> { }
        }
    }

    /** Server time as this member estimates it (midpoint of its last probe). */
    double serverNowMs() {
        return System.nanoTime() / 1e6 + serverOffsetMs;
    }

    /** One probe of a burst; t0 is unique per member so answers match their requests. */
    void probe() {
        long sentNs = System.nanoTime();
        double t0 = sentNs / 1e6;
        probesInFlight.put(t0, sentNs);
        wire.send("{\"type\":\"time-request\",\"t0\":" + t0 + "}");
        if (probesInFlight.size() > 64) {
            probesInFlight.clear();
        }
    }

    static long probeBurst() {
        return PROBE_BURST;
    }

    long joinedVersion() {
        return joined.join().get("playback").get("version").asLong();
    }
}
