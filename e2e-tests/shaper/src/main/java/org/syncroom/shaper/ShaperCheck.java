package org.syncroom.shaper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * `./run-shaper-check [out.json]`: measures what the shaper does, with larger samples than its
 * tests, and prints and writes the figures. Runs with the hub in this JVM's namespace (so under
 * `unshare --net`), which also exercises {@link ShapedNetwork#withHubInThisJvm}.
 */
public final class ShaperCheck {
    private static final long MS = 1_000_000;
    private static int nextPort = 6_000;

    private ShaperCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "e2e-tests/shaper/target/shaper-check.json");
        Map<String, Object> figures = new LinkedHashMap<>();
        try (ShapedNetwork network = ShapedNetwork.withHubInThisJvm(42)) {
            Edge edge = network.addEdge("check");
            warmUp(network, edge);

            figures.put("unshaped", delayFigures(measureUp(network, edge, "none", 3_000, 100, MS)));
            figures.put("delay 40ms jitter 15ms", delayFigures(measureUp(network, edge, "delay=40ms jitter=15ms", 10_000, 100, MS)));
            figures.put("loss 3%", lossFigures(measureUp(network, edge, "loss=3%", 40_000, 100, MS / 4), 0.03));
            long nineMbitInterval = UdpStream.intervalNanosFor(1000, 9e6);
            figures.put("rate 6mbit, offered 9 Mbit/s", rateFigures(measureUp(network, edge, "rate=6mbit", 4_320, 1000, nineMbitInterval)));
            long threeMbitInterval = UdpStream.intervalNanosFor(1000, 3e6);
            figures.put("rate 6mbit, offered 3 Mbit/s", rateFigures(measureUp(network, edge, "rate=6mbit", 1_440, 1000, threeMbitInterval)));
            figures.put("cut", cutFigures(network, edge));
            figures.put("cpu, 4 edges at 3 Mbit/s each way", cpuFigures(network));
        }
        StringBuilder json = new StringBuilder();
        writeJson(figures, json, "");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json + "\n");
        System.out.println("wrote " + out);
    }

    private static void warmUp(ShapedNetwork network, Edge edge) throws InterruptedException {
        measureUp(network, edge, "none", 200, 100, MS);
    }

    private static StreamResult measureUp(ShapedNetwork network, Edge edge, String profile, int count, int payloadBytes,
            long intervalNanos) throws InterruptedException {
        edge.link().shape(Direction.UP, LinkProfile.parse(profile));
        try (UdpStream stream = UdpStream.open(edge.namespace(), network.hub(), edge.hubAddress(), nextPort++)) {
            stream.send(count, payloadBytes, intervalNanos);
            Thread.sleep(300);
            return stream.result();
        }
    }

    private static Map<String, Object> delayFigures(StreamResult result) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("datagrams", result.sent());
        f.put("received", result.received());
        f.put("meanMs", result.meanDelayMs());
        f.put("stddevMs", result.stddevDelayMs());
        f.put("p1Ms", result.delayQuantileMs(0.01));
        f.put("p50Ms", result.delayQuantileMs(0.50));
        f.put("p99Ms", result.delayQuantileMs(0.99));
        f.put("maxMs", result.delayQuantileMs(1.0));
        f.put("reorderedFraction", result.reorderedFraction());
        print("delay", f);
        return f;
    }

    private static Map<String, Object> lossFigures(StreamResult result, double asked) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("datagrams", result.sent());
        f.put("lost", result.sent() - result.received());
        f.put("lossFraction", result.lossFraction());
        f.put("askedFraction", asked);
        f.put("standardErrorFraction", Math.sqrt(asked * (1 - asked) / result.sent()));
        print("loss", f);
        return f;
    }

    private static Map<String, Object> rateFigures(StreamResult result) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("datagrams", result.sent());
        f.put("offeredBitsPerSec", result.sendRateBitsPerSec());
        f.put("receivedBitsPerSec", result.receiveRateBitsPerSec());
        f.put("lossFraction", result.lossFraction());
        f.put("p50Ms", result.delayQuantileMs(0.5));
        f.put("maxMs", result.delayQuantileMs(1.0));
        print("rate", f);
        return f;
    }

    /** Cuts the uplink mid-stream: when the last datagram came after the cut, and how many were dropped. */
    private static Map<String, Object> cutFigures(ShapedNetwork network, Edge edge) throws Exception {
        edge.link().shape(Direction.UP, LinkProfile.parse("delay=40ms jitter=15ms"));
        long droppedBefore = edge.link().stats().up().droppedCut();
        try (UdpStream stream = UdpStream.open(edge.namespace(), network.hub(), edge.hubAddress(), nextPort++)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> stream.send(2_000, 100, MS));
            Thread.sleep(1_000);
            long cutNanos = System.nanoTime();
            edge.link().direction(Direction.UP).setCut(true);
            sent.get();
            Thread.sleep(300);
            StreamResult result = stream.result();
            edge.link().direction(Direction.UP).setCut(false);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("lastArrivalAfterCutMs", (result.lastArrivalNanos() - cutNanos) / 1e6);
            f.put("sentAfterCut", result.sentBetween(cutNanos, Long.MAX_VALUE).sent());
            f.put("receivedOfThose", result.sentBetween(cutNanos, Long.MAX_VALUE).received());
            f.put("droppedCut", edge.link().stats().up().droppedCut() - droppedBefore);
            print("cut", f);
            return f;
        }
    }

    /** Four more edges, each carrying 3 Mbit/s up and down (1,042-byte frames) through 40±15 ms and 3% loss for 5 s: the shaper's threads' CPU. */
    private static Map<String, Object> cpuFigures(ShapedNetwork network) throws Exception {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            edges.add(network.addEdge("cpu-" + i, LinkProfile.parse("delay=40ms jitter=15ms loss=3%"),
                    LinkProfile.parse("delay=40ms jitter=15ms loss=3%")));
        }
        long interval = UdpStream.intervalNanosFor(1000, 3e6);
        int count = (int) (5e9 / interval);
        List<UdpStream> streams = new ArrayList<>();
        for (Edge edge : edges) {
            streams.add(UdpStream.open(edge.namespace(), network.hub(), edge.hubAddress(), nextPort++));
            streams.add(UdpStream.open(network.hub(), edge.namespace(), edge.address(), nextPort++));
        }
        long cpuBefore = shaperThreadsCpuNanos(false);
        long userBefore = shaperThreadsCpuNanos(true);
        long wallBefore = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(streams.size());
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (UdpStream stream : streams) {
            sending.add(CompletableFuture.runAsync(() -> stream.send(count, 1000, interval), senders));
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get();
        senders.shutdown();
        Thread.sleep(300);
        long cpu = shaperThreadsCpuNanos(false) - cpuBefore;
        long user = shaperThreadsCpuNanos(true) - userBefore;
        long wall = System.nanoTime() - wallBefore;
        double lossSum = 0;
        for (UdpStream stream : streams) {
            lossSum += stream.result().lossFraction();
            stream.close();
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("links", edges.size());
        f.put("bitsPerSecEachWay", 3e6);
        f.put("framesPerSec", streams.size() * (double) count / (wall / 1e9));
        f.put("shaperCpuCores", cpu / (double) wall);
        f.put("shaperUserCpuCores", user / (double) wall);
        f.put("meanLossFraction", lossSum / streams.size());
        print("cpu", f);
        return f;
    }

    /** CPU time of the shaper's threads: user time only, or with the kernel's (which includes delivering each sent frame to the far namespace). */
    private static long shaperThreadsCpuNanos(boolean userOnly) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("shaper-")) {
                long id = info.getThreadId();
                total += Math.max(0, userOnly ? threads.getThreadUserTime(id) : threads.getThreadCpuTime(id));
            }
        }
        return total;
    }

    private static void print(String what, Map<String, Object> figures) {
        StringBuilder line = new StringBuilder(what).append(':');
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(format(v)));
        System.out.println(line);
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static void writeJson(Object value, StringBuilder out, String indent) {
        if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : ((Map<String, Object>) map).entrySet()) {
                out.append(indent).append("  \"").append(e.getKey()).append("\": ");
                writeJson(e.getValue(), out, indent + "  ");
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
        } else {
            out.append(value);
        }
    }
}
