package org.syncroom.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The relay-tree simulation benchmark: {@link TopologySimulation} at full size after an untimed
 * warm-up run of the same size (other seed), printing and writing the figures.
 * Usage: {@code TopologyBenchmark [listeners=10000] [churn=0.2] [output.json]}.
 */
public final class TopologyBenchmark {
    static final int FANOUT = 4;
    static final double NON_RELAY_SHARE = 0.10;
    static final long WARM_UP_SEED = 7L;
    static final long MEASURED_SEED = 20261201L;

    private TopologyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int listeners = args.length > 0 ? parse(args[0], "listeners", true) : 10_000;
        double churn = args.length > 1 ? parseFraction(args[1]) : 0.2;
        Path out = Path.of(args.length > 2 ? args[2] : "target/topology-benchmark.json");

        System.out.printf(Locale.ROOT, "Relay-tree simulation: %d joins (%.0f%% cannot relay), fanout %d (host %d),"
                + " then %.0f%% churn%n", listeners, NON_RELAY_SHARE * 100, FANOUT, FANOUT, churn * 100);
        new TopologySimulation(config(listeners, churn, WARM_UP_SEED)).run();
        TopologySimulation.Result r = new TopologySimulation(config(listeners, churn, MEASURED_SEED)).run();

        System.out.printf(Locale.ROOT, "  listeners at end     %d (%d cannot relay, %d waiting)%n",
                r.listenersAtEnd(), r.nonRelaysAtEnd(), r.waitingAtEnd());
        System.out.printf(Locale.ROOT, "  churn                %d events: %d leaves, %d silent failures, %d starving"
                + " reports %s; %d joins; %d demotions%n", r.churnEvents(), r.leaves(), r.failures(),
                r.starvingReports(), r.starvingVerdicts(), r.joinsDuringChurn(), r.demotions());
        System.out.printf(Locale.ROOT, "  depth                p50 %.0f, max %d (max during churn %d); ceil(log_%d N) = %d,"
                + " balanced %d%n", r.depthP50(), r.depthMax(), r.maxDepthDuringChurn(), FANOUT,
                r.ceilLogFanoutBound(), r.balancedDepth());
        System.out.println("  re-parents/departure " + r.reparentsPerDeparture());
        System.out.println("  ... of a relay       " + r.reparentsPerRelayDeparture());
        System.out.println("  re-parents/report    " + r.reparentsPerStarvingReport());
        System.out.println("  join µs              " + r.joinMicros());
        System.out.println("  departure µs         " + r.departureMicros());
        System.out.println("  starving report µs   " + r.reportMicros());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("java", System.getProperty("java.version"));
        json.put("processors", Runtime.getRuntime().availableProcessors());
        json.put("listeners", listeners);
        json.put("churn", churn);
        json.put("nonRelayShare", NON_RELAY_SHARE);
        json.put("seed", MEASURED_SEED);
        json.put("result", r);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written: " + out.toAbsolutePath());
        if (r.depthMax() > r.ceilLogFanoutBound() + 1) {
            System.err.println("topology-benchmark: depth " + r.depthMax() + " exceeds ceil(log_f N) + 1");
            System.exit(1);
        }
    }

    private static TopologySimulation.Config config(int listeners, double churn, long seed) {
        return new TopologySimulation.Config(listeners, churn, NON_RELAY_SHARE, FANOUT, FANOUT, seed, false);
    }

    private static int parse(String arg, String name, boolean positive) {
        try {
            int n = Integer.parseInt(arg);
            if (n < (positive ? 1 : 0)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            System.err.println("topology-benchmark: " + name + " must be a whole number >= 1, got \"" + arg + "\"");
            System.exit(2);
            return 0;
        }
    }

    private static double parseFraction(String arg) {
        try {
            double churn = Double.parseDouble(arg);
            if (!(churn >= 0 && churn <= 10)) {
                throw new NumberFormatException();
            }
            return churn;
        } catch (NumberFormatException e) {
            System.err.println("topology-benchmark: churn must be a fraction of the listeners, 0 to 10, got \"" + arg + "\"");
            System.exit(2);
            return 0;
        }
    }
}
