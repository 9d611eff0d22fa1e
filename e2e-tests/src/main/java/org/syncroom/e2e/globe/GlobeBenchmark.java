package org.syncroom.e2e.globe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.syncroom.e2e.Stats;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.clock.MonotonicServerClock;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.together.Globe;
import org.syncroom.signaling.together.GlobeStatus;
import org.syncroom.signaling.together.TogetherConfig;
import org.syncroom.signaling.together.TogetherRoutes;

/**
 * Synthetic plays into the embedded job inside the real server, while a room of the same
 * server probes its clock from a process of its own ({@link ClockProbe}). Measures sustained plays/s, play-to-endpoint latency (from a play's
 * server time to its window's snapshot arriving on the push channel), dropped plays, heap, the
 * job's CPU and the room's clock-probe round trips. Usage: playsPerSec seconds out.json
 */
public final class GlobeBenchmark {
    private static final long SETTLE_MS = 4_000;
    /**
     * Plays flow this long before measuring starts, at the same rate ({@code GLOBE_WARMUP_SEC},
     * default 30): the JIT compiler takes much of a core for the first 20-30 s (slow probes
     * clustered in the first 10 s of the hold after a 5 s warm-up), and the run is after the
     * steady state. The warm-up's probes are reported apart.
     */
    static final int WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("GLOBE_WARMUP_SEC", "30"));

    private GlobeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int playsPerSec = Integer.parseInt(args.length > 0 ? args[0] : "300000");
        int seconds = Integer.parseInt(args.length > 1 ? args[1] : "60");
        File out = new File(args.length > 2 ? args[2] : "e2e-tests/target/globe-benchmark.json");
        File db = new File(TogetherConfig.BUNDLED_GEOIP_DB);

        CityAddressPool pool = CityAddressPool.walk(db, 4_096, 997);
        System.out.printf(Locale.ROOT, "addresses: %d in %d cities%n", pool.addresses.length, pool.cities);

        ServerClock clock = new MonotonicServerClock();
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withTogether(TogetherConfig.off().with("--geoip-db", db.getPath()));
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start()) {
            Globe globe = server.globe();
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (globe.status() != GlobeStatus.LIVE && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(100);
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = "127.0.0.1:" + server.port();
            SessionArrivals arrivals = new SessionArrivals();
            arrivals.subscribe(http, "http://" + base + TogetherRoutes.EVENTS, () -> (long) clock.nowMillis());
            GcPauses gc = new GcPauses();
            gc.start();
            ClockProbe probe = new ClockProbe();
            probe.start("ws://" + base + "/ws");

            long startMs = ((long) clock.nowMillis() / 1_000 + 2) * 1_000;
            PlayGenerator generator = new PlayGenerator(globe, clock, pool.addresses, playsPerSec, startMs,
                    WARMUP_SECONDS + seconds);
            long measureFromMs = startMs + WARMUP_SECONDS * 1_000L;
            Thread generatorThread = new Thread(generator, "bench-generator");
            generatorThread.start();
            while (clock.nowMillis() < measureFromMs) {
                Thread.sleep(5);
            }
            List<double[]> warmUpProbes = probe.take();
            long holdFromEpochMs = System.currentTimeMillis();
            Map<Long, Object[]> cpuBefore = ThreadCpu.snapshot();
            Map<Long, Object[]> allocatedBefore = ThreadCpu.allocationSnapshot();
            long processBefore = ThreadCpu.processCpuNs();
            long generatorBefore = ThreadCpu.between(Map.of(), cpuBefore, name -> name.equals("bench-generator"));
            long heapMaxBytes = 0;
            long lastPrint = 0;
            while (generatorThread.isAlive()) {
                generatorThread.join(200);
                heapMaxBytes = Math.max(heapMaxBytes, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                long elapsed = (long) clock.nowMillis() - measureFromMs;
                if (elapsed - lastPrint >= 10_000 && generatorThread.isAlive()) {
                    lastPrint = elapsed;
                    System.out.printf(Locale.ROOT, "%3d s: offered %,d, queued %,d, refused %,d%n",
                            elapsed / 1_000, generator.offered, globe.queued(), globe.counters().dropped());
                }
            }
            Map<Long, Object[]> cpuAfter = ThreadCpu.snapshot();
            Map<Long, Object[]> allocatedAfter = ThreadCpu.allocationSnapshot();
            long processNs = ThreadCpu.processCpuNs() - processBefore;
            boolean probeLasted = probe.alive();
            if (!probeLasted) {
                System.err.println("globe benchmark: the clock probe's process ended before the hold did;"
                        + " the probe figures are short (its errors are above)");
            }
            List<double[]> holdProbes = probe.take();
            List<Double> probes = ClockProbe.rtts(holdProbes);
            List<GcPauses.Pause> pauses = gc.since(holdFromEpochMs);
            Thread.sleep(SETTLE_MS);
            probe.stop();

            double runSec = seconds;
            long jobNs = ThreadCpu.between(cpuBefore, cpuAfter, name -> !name.startsWith("bench-")
                    && !name.startsWith("qtp") && !name.startsWith("HttpClient") && !name.equals("main"));
            long generatorNs = generator.cpuNs - generatorBefore;
            Map<String, Object> report = report(generator, measureFromMs, arrivals, globe, probes, playsPerSec, seconds);
            report.put("heapMaxMiB", heapMaxBytes / (1024 * 1024));
            report.put("jobCpuCores", round(jobNs / 1e9 / runSec));
            report.put("generatorCpuCores", round(generatorNs / 1e9 / runSec));
            report.put("processCpuCores", round(processNs / 1e9 / runSec));
            report.put("busiestThreadsCores", ThreadCpu.busiest(cpuBefore, cpuAfter, runSec, 8));
            // The same sums over bytes (1e9 bytes over seconds / 1e3 is MB/s): the threads that allocate most.
            report.put("allocatingThreadsMBPerSec", ThreadCpu.busiest(allocatedBefore, allocatedAfter, runSec / 1e3, 6));
            report.putAll(pauseReport(pauses, holdProbes));
            List<GcPauses.Pause> probePauses = probe.childPausesSince(holdFromEpochMs);
            report.put("probeClientGcPauses", probePauses.size());
            report.put("clockProbesOver" + (int) ClockProbe.SLOW_MS + "MsDuringProbeClientGcPause",
                    holdProbes.stream().filter(s -> s[1] > ClockProbe.SLOW_MS && GcPauses.overlaps(probePauses,
                            (long) s[0] - (long) Math.ceil(s[1]), (long) s[0])).count());
            report.put("clockProbeProcessLastedTheHold", probeLasted);
            report.put("clockProbeRttMsP99Per10s", p99Per10s(holdProbes, holdFromEpochMs));
            report.put("clockProbeRttMsP99DuringWarmUp", p99(ClockProbe.rtts(warmUpProbes)));
            report.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
            report.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            // Linux pressure stall information: the share of time some task waited for a CPU.
            report.put("cpuPressureAtEnd", cpuPressure());
            report.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            report.put("measuredAt", Instant.now().toString());
            out.getAbsoluteFile().getParentFile().mkdirs();
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, report);
            print(report);
            System.out.println("written to " + out);
        }
    }

    private static Map<String, Object> report(PlayGenerator generator, long measureFromMs, SessionArrivals arrivals, Globe globe,
            List<Double> probes, int playsPerSec, int seconds) {
        long[] latencyCounts = new long[60_000];
        long offeredInWindows = 0;
        long countedInWindows = 0;
        int windowsExpected = 0;
        int windowsArrived = 0;
        long sessionsShown = 0;
        TreeMap<Long, long[]> windows = new TreeMap<>(arrivals.windows);
        for (long end = measureFromMs + 1_000; end <= generator.endMs; end += 1_000) {
            windowsExpected++;
            long offered = 0;
            for (long t = end - 1_000; t < end; t++) {
                offered += generator.offeredPerMs[(int) (t - generator.startMs)];
            }
            offeredInWindows += offered;
            long[] arrival = windows.get(end);
            if (arrival == null) {
                continue;
            }
            windowsArrived++;
            countedInWindows += arrival[1];
            sessionsShown += arrival[2];
            for (long t = end - 1_000; t < end; t++) {
                int latency = (int) Math.min(latencyCounts.length - 1, Math.max(0, arrival[0] - t));
                latencyCounts[latency] += generator.offeredPerMs[(int) (t - generator.startMs)];
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("targetPlaysPerSec", playsPerSec);
        report.put("seconds", seconds);
        report.put("warmupSeconds", WARMUP_SECONDS);
        report.put("offeredMeasured", offeredInWindows);
        report.put("offeredPlaysPerSec", Math.round(offeredInWindows / (double) windowsExpected));
        report.put("sustainedPlaysPerSec", Math.round(countedInWindows / (double) windowsExpected));
        report.put("windowsExpected", windowsExpected);
        report.put("windowsArrived", windowsArrived);
        report.put("meanTracksShownPerWindow", windowsArrived == 0 ? 0 : round(sessionsShown / (double) windowsArrived));
        report.put("latencyMsP50", weightedRank(latencyCounts, 0.50));
        report.put("latencyMsP95", weightedRank(latencyCounts, 0.95));
        report.put("latencyMsMax", weightedRank(latencyCounts, 1.0));
        report.put("refusedQueueFull", globe.counters().queueFull());
        report.put("refusedMalformed", globe.counters().malformed());
        report.put("refusedPaused", globe.counters().paused());
        report.put("notCountedByJob", Math.max(0, offeredInWindows - countedInWindows));
        report.put("dropped", globe.counters().dropped() + Math.max(0, offeredInWindows - countedInWindows));
        report.put("generatorBehindMsMax", generator.behindMsMax);
        List<Double> sorted = new ArrayList<>(probes);
        sorted.sort(Double::compare);
        Stats stats = Stats.of(sorted);
        report.put("clockProbes", stats.count());
        report.put("clockProbeRttMsP50", round(stats.p50()));
        report.put("clockProbeRttMsP95", round(stats.p95()));
        report.put("clockProbeRttMsP99", p99(probes));
        report.put("clockProbeRttMsMax", round(stats.max()));
        return report;
    }

    /** The collector's pauses in the hold, and how many of the slow probes overlapped one. */
    private static String cpuPressure() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/pressure/cpu")).get(0);
        } catch (java.io.IOException | RuntimeException e) {
            return "unavailable: " + e;
        }
    }

    private static Double p99(List<Double> rtts) {
        List<Double> sorted = new ArrayList<>(rtts);
        sorted.sort(Double::compare);
        return sorted.isEmpty() ? null : round(sorted.get(Math.max(0, (int) Math.ceil(0.99 * sorted.size()) - 1)));
    }

    private static List<Double> p99Per10s(List<double[]> samples, long fromEpochMs) {
        TreeMap<Long, List<Double>> buckets = new TreeMap<>();
        for (double[] s : samples) {
            buckets.computeIfAbsent(((long) s[0] - fromEpochMs) / 10_000, b -> new ArrayList<>()).add(s[1]);
        }
        return buckets.values().stream().map(GlobeBenchmark::p99).toList();
    }

    private static Map<String, Object> pauseReport(List<GcPauses.Pause> pauses, List<double[]> samples) {
        List<double[]> slowProbes = samples.stream().filter(s -> s[1] > ClockProbe.SLOW_MS).toList();
        Map<String, Object> report = new LinkedHashMap<>();
        long total = 0;
        long max = 0;
        for (GcPauses.Pause p : pauses) {
            total += p.durationMs();
            max = Math.max(max, p.durationMs());
        }
        report.put("gcPauses", pauses.size());
        report.put("gcPauseMsTotal", total);
        report.put("gcPauseMsMax", max);
        int duringGc = 0;
        List<String> slow = new ArrayList<>();
        for (double[] s : slowProbes) {
            long received = (long) s[0];
            boolean gc = GcPauses.overlaps(pauses, received - (long) Math.ceil(s[1]), received);
            if (gc) {
                duringGc++;
            }
            if (slow.size() < 40) {
                slow.add(String.format(Locale.ROOT, "%s %.1f ms%s", Instant.ofEpochMilli(received), s[1],
                        gc ? " (GC pause)" : ""));
            }
        }
        report.put("clockProbesOver" + (int) ClockProbe.SLOW_MS + "Ms", slowProbes.size());
        report.put("clockProbesOver" + (int) ClockProbe.SLOW_MS + "MsDuringGcPause", duringGc);
        report.put("slowClockProbes", slow);
        report.put("slowClockProbesServerHandlerMsMax", round(slowProbes.stream().mapToDouble(s -> s[2]).max().orElse(0)));
        return report;
    }

    private static long weightedRank(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        long target = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= target) {
                return i;
            }
        }
        return counts.length - 1;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void print(Map<String, Object> report) {
        System.out.println("Listening Together benchmark (embedded job in the server)");
        report.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-26s %s%n", k, v));
    }
}
