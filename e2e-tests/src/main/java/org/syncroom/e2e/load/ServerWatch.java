package org.syncroom.e2e.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the server process from outside: heap from its /metrics (every 5 s), resident
 * memory from /proc/PID/status, and the counters it reports at the end.
 */
final class ServerWatch implements AutoCloseable {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final double MIB = 1024 * 1024;
    /** A scrape walks every JVM thread (jvm_threads_*): as often as a Prometheus server would, not more. */
    private static final long SAMPLE_PERIOD_MS = 5_000;

    private final URI metrics;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile double peakHeapUsedMiB;
    private volatile double peakHeapAfterGcMiB;
    private volatile double peakRssMiB;
    private volatile double peakSockets;
    private volatile int failedScrapes;

    ServerWatch(URI base, long pid) {
        this.metrics = base.resolve("/metrics");
        this.pid = pid;
    }

    void start() {
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Map<String, Double> m = scrape();
            peakHeapUsedMiB = Math.max(peakHeapUsedMiB, sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / MIB);
            peakHeapAfterGcMiB = Math.max(peakHeapAfterGcMiB,
                    sum(m, "jvm_memory_pool_collection_used_bytes", "G1") / MIB);
            peakRssMiB = Math.max(peakRssMiB, rssMiB("VmRSS"));
            peakSockets = Math.max(peakSockets, m.getOrDefault("syncroom_sockets", 0.0));
        } catch (Exception e) {
            failedScrapes++;
        }
    }

    /** Every sample of /metrics, keyed by name and labels. */
    Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.matches()) {
                samples.put(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)),
                        Double.parseDouble(matcher.group(3)));
            }
        }
        return samples;
    }

    static double sum(Map<String, Double> samples, String name, String labelPart) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(labelPart))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** A line of /proc/PID/status in MiB (VmRSS now, VmHWM the peak so far); 0 if unreadable. */
    double rssMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    double peakHeapUsedMiB() {
        return peakHeapUsedMiB;
    }

    double peakHeapAfterGcMiB() {
        return peakHeapAfterGcMiB;
    }

    double peakRssMiB() {
        return Math.max(peakRssMiB, rssMiB("VmHWM"));
    }

    /** CPU seconds (user + system) the server process has used so far; 0 if unreadable. */
    double cpuSeconds() {
        return cpuSecondsOf("/proc/" + pid + "/stat");
    }

    /** CPU seconds of this (the load) process. */
    static double ownCpuSeconds() {
        return cpuSecondsOf("/proc/self/stat");
    }

    private static double cpuSecondsOf(String statPath) {
        try {
            String stat = Files.readString(Path.of(statPath));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    double peakSockets() {
        return peakSockets;
    }

    int failedScrapes() {
        return failedScrapes;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
