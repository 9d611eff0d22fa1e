package org.syncroom.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./run-benchmark --shaped}: the rooms of the network-conditions test ({@link ShapedScenario}),
 * each run once streaming Opus and once pcm16, one after the other in one run; per scenario, codec
 * and listener: clicks missed, chunks recovered, lead p1/p50 (deadline minus arrival), join-to-sound,
 * and the stream's bytes a second. Usage: {@code ShapedBenchmark [output.json] [scenario...]}.
 */
public final class ShapedBenchmark {
    private static final List<String> CODECS = List.of("opus", "pcm16");

    private ShapedBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/shaped-benchmark.json");
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (ShapedScenario scenario : ShapedScenario.all()) {
            if (!only.isEmpty() && !only.contains(scenario.name())) {
                continue;
            }
            for (String codec : CODECS) {
                System.out.printf("%n== %s, %s: %d listeners%s, fanout %d, listener link %s, host link %s%n",
                        scenario.name(), codec, scenario.listeners(), scenario.lateJoiner() ? " + 1 late joiner" : "",
                        scenario.fanout(), scenario.listenerLink(), scenario.hostLink());
                ShapedScenario.Result result = scenario.run(codec, line -> System.out.println("  .. " + line));
                print(result);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("scenario", scenario);
                run.put("result", result);
                runs.add(run);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("runs", runs);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written: " + out.toAbsolutePath());
    }

    private static void print(ShapedScenario.Result r) {
        System.out.printf(Locale.ROOT, "%s / %s: stream %.1f kB/s per link; spread p50 %.2f / p95 %.2f / max %.2f ms;"
                        + " level mismatches %d%s%n", r.scenario(), r.codec(), r.streamBytesPerSec() / 1000,
                r.alignment().spreadMs().p50(), r.alignment().spreadMs().p95(), r.alignment().spreadMs().max(),
                r.alignment().levelMismatches(),
                r.warnedAfterMs() == null ? "" : String.format(Locale.ROOT, "; cut listener warned after %.0f ms", r.warnedAfterMs()));
        System.out.printf("  %-12s %8s %8s %9s %8s %5s %10s %10s %12s %12s%n", "listener", "judged", "missed", "recovered",
                "missing", "late", "lead p1", "lead p50", "open→sound", "join→sound");
        for (ShapedScenario.ListenerResult l : r.listeners()) {
            Map<String, Object> lead = l.leadMs() == null ? Map.of() : l.leadMs();
            System.out.printf(Locale.ROOT, "  %-12s %8d %8d %9d %8d %5d %10s %10s %12s %12s%n", l.name(), l.clicksJudged(),
                    l.clicksMissed(), l.chunksRecovered(), l.chunksMissing(), l.chunksLate(), ms(lead.get("p1")),
                    ms(lead.get("p50")), l.late() ? ms(l.openToSoundMs()) : "-", l.late() ? ms(l.joinToSoundMs()) : "-");
        }
        System.out.println("  " + r.machineLoad());
    }

    private static String ms(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f ms", ((Number) value).doubleValue());
    }
}
