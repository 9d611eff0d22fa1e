package org.syncroom.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alignment benchmark: the e2e scenario with more listeners, reporting the real figures.
 * Usage: {@code SyncBenchmark [listeners] [lateJoiners] [listenSec] [output.json] [fanout] [codec]}
 * ({@code codec}: {@code opus}, {@code pcm16}, or {@code default} for the page's choice).
 */
public final class SyncBenchmark {
    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int listeners = intArg(args, 0, 8, "listeners");
        int late = intArg(args, 1, 2, "lateJoiners");
        double listenSec = intArg(args, 2, 20, "listenSec");
        Path out = Path.of(args.length > 3 ? args[3] : "target/sync-benchmark.json");
        int fanout = intArg(args, 4, 4, "fanout");
        String codec = args.length > 5 && !args[5].equals("default") ? args[5] : null;

        SyncScenario.Config config = new SyncScenario.Config(listeners, late, 4, listenSec, false, fanout, codec);
        System.out.printf("Sync Room benchmark: %d listeners + %d late joiners, %.0f s of listening, fanout %d%n",
                listeners, late, listenSec, fanout);
        SyncScenario.Result result = new SyncScenario(line -> System.out.println("  .. " + line)).run(config);
        AlignmentReport report = result.report();
        System.out.println(report.describe());
        SyncScenario.TreeReport tree = result.tree();
        System.out.printf("relay tree: max depth %d, host feeds %d link(s); sent down the tree: host %.1f kB/s,"
                        + " relays %.1f kB/s in all%n", tree.maxDepth(), tree.hostLinks(),
                tree.hostBytesSent() / tree.listenSec() / 1000, tree.relayBytesSent() / tree.listenSec() / 1000);
        System.out.printf("stream: %s, %.1f kB/s per link (signed envelopes, host's bytes over its links)%n",
                tree.codec(), tree.hostBytesSent() / tree.listenSec() / 1000 / Math.max(1, tree.hostLinks()));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("browser", result.browserVersion());
        json.put("listeners", listeners);
        json.put("lateJoiners", late);
        json.put("listenSec", listenSec);
        json.put("fanout", fanout);
        json.put("codec", tree.codec());
        json.put("tree", tree);
        json.put("report", report);
        json.put("recordings", result.recordings());
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written: " + out.toAbsolutePath());
        if (report.clicksCompared() == 0) {
            result.browserLog().forEach(System.err::println);
            System.exit(1);
        }
    }

    private static int intArg(String[] args, int i, int fallback, String name) {
        if (args.length <= i) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            System.err.println("sync-benchmark: " + name + " must be a whole number >= 0, got \"" + args[i] + "\"");
            System.exit(2);
            return fallback;
        }
    }
}
