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
import org.syncroom.shaper.LinkProfile;

/**
 * {@code ./run-benchmark --browsers}: one room of Chromium and Firefox ESR listeners (unshaped
 * links, each page in a browser and a namespace of its own), judged from the sound every page
 * really sent to its output ({@link SoundServer#startCapturing}): per browser the inter-listener
 * error p50/p95/max (distance from each click's median across listeners), per listener its mean
 * offset from the host and the same from its in-page tap, and its re-queues. Usage:
 * {@code CrossBrowserBenchmark [out.json] [chromiumListeners=2] [firefoxListeners=2] [listenSec=30] [host=chromium|firefox]}.
 */
public final class CrossBrowserBenchmark {
    private static final double MATCH_MS = 200;
    /** Clicks before this much of playing are left out: the first chunks and the output's start. */
    private static final double SETTLE_SEC = 3;

    private CrossBrowserBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/cross-browser-benchmark.json");
        int chromium = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int firefox = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        double listenSec = args.length > 3 ? Double.parseDouble(args[3]) : 30;
        Browsers.Kind hostKind = args.length > 4 ? Browsers.Kind.valueOf(args[4].toUpperCase(Locale.ROOT)) : Browsers.Kind.CHROMIUM;
        if (chromium < 0 || firefox < 0 || chromium + firefox < 1 || chromium + firefox > 8 || listenSec < 5) {
            throw new IllegalArgumentException("1-8 listeners in all and at least 5 s, got " + chromium + " Chromium, "
                    + firefox + " Firefox, " + listenSec + " s");
        }
        Map<String, Browsers.Kind> kinds = new LinkedHashMap<>();
        kinds.put("host", hostKind);
        for (int i = 0; i < chromium + firefox; i++) {
            kinds.put("listener-" + i, i < chromium ? Browsers.Kind.CHROMIUM : Browsers.Kind.FIREFOX);
        }
        ShapedPages.Link clean = new ShapedPages.Link(LinkProfile.UNSHAPED, LinkProfile.UNSHAPED);
        Map<String, Object> json = ListeningSession.withShapedNetwork(line -> System.out.println(".. " + line),
                listenSec + 15, c -> c, "opus", name -> clean, kinds::get, kinds.size(), session -> {
            List<ClockSkew> skews = new ArrayList<>();
            for (int i = 0; i < chromium + firefox; i++) {
                skews.add(ClockSkew.forListener(i));
            }
            List<ListeningSession.Listener> listeners = session.joinAndPlay(skews);
            double from = session.roomPosition() + SETTLE_SEC;
            session.awaitRoomPosition(from + listenSec);
            Map<String, Number> requeues = new LinkedHashMap<>();
            for (ListeningSession.Listener l : listeners) {
                requeues.put(l.name(), (Number) session.snapshot(l).get("requeues"));
            }
            List<Recording> taps = new ArrayList<>();
            taps.add(session.hostRecording());
            taps.addAll(session.recordings());
            CapturedSound captured = session.capturedSound();
            return report(kinds, captured, taps, requeues, listenSec, session.browserVersion());
        });
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written: " + out.toAbsolutePath());
    }

    private static Map<String, Object> report(Map<String, Browsers.Kind> kinds, CapturedSound captured, List<Recording> taps,
                                              Map<String, Number> requeues, double listenSec, String browsers) {
        // Only the last listenSec of clicks: the host's last click minus listenSec on.
        List<Recording.Click> hostClicks = captured.clicksOf("host");
        double lastMs = hostClicks.isEmpty() ? 0 : hostClicks.get(hostClicks.size() - 1).atMs();
        double fromMs = lastMs - listenSec * 1000;
        Map<String, Object> listeners = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%n%-12s %-9s %7s %13s %13s %11s %9s%n", "listener", "browser", "clicks",
                "mean offset", "p95 |offset|", "tap says", "requeues");
        for (String page : kinds.keySet()) {
            if (page.equals("host")) {
                continue;
            }
            List<Double> fromSound = CapturedSound.offsetsFrom(recent(captured.clicksOf(page), fromMs), hostClicks, MATCH_MS);
            Recording tap = taps.stream().filter(r -> r.name().equals(page)).findFirst().orElseThrow();
            Recording hostTap = taps.stream().filter(r -> r.name().equals("host")).findFirst().orElseThrow();
            List<Double> fromTap = CapturedSound.offsetsFrom(tap.clicks(), hostTap.clicks(), MATCH_MS);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("browser", kinds.get(page).name().toLowerCase(Locale.ROOT));
            l.put("clicks", fromSound.size());
            l.put("meanOffsetMs", Stats.mean(fromSound));
            l.put("absOffsetMs", Stats.of(fromSound.stream().map(Math::abs).toList()));
            l.put("tapMeanOffsetMs", Stats.mean(fromTap));
            l.put("requeues", requeues.get(page));
            listeners.put(page, l);
            System.out.printf(Locale.ROOT, "%-12s %-9s %7d %10.2f ms %10.2f ms %8.2f ms %9s%n", page, l.get("browser"),
                    fromSound.size(), Stats.mean(fromSound), Stats.of(fromSound.stream().map(Math::abs).toList()).p95(), Stats.mean(fromTap),
                    requeues.get(page));
        }
        Map<String, Object> perBrowser = new LinkedHashMap<>();
        for (Browsers.Kind kind : Browsers.Kind.values()) {
            perBrowser.put(kind.name().toLowerCase(Locale.ROOT), alignment(kinds, captured, fromMs, k -> k == kind));
        }
        Map<String, Object> all = alignment(kinds, captured, fromMs, k -> true);
        System.out.println("inter-listener error from the captured sound (distance from each click's median): all "
                + all.get("errorMs") + "; " + perBrowser);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("browsers", browsers);
        json.put("host", kinds.get("host").name().toLowerCase(Locale.ROOT));
        json.put("listenSec", listenSec);
        json.put("interListenerErrorMs", all);
        json.put("interListenerErrorMsByBrowser", perBrowser);
        json.put("listeners", listeners);
        return json;
    }

    private static Map<String, Object> alignment(Map<String, Browsers.Kind> kinds, CapturedSound captured, double fromMs,
                                                 java.util.function.Predicate<Browsers.Kind> which) {
        List<Recording> recordings = kinds.entrySet().stream()
                .filter(e -> !e.getKey().equals("host") && which.test(e.getValue()))
                .map(e -> new Recording(e.getKey(), false, 0, null, recent(captured.clicksOf(e.getKey()), fromMs), Map.of()))
                .toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("listeners", recordings.size());
        if (recordings.size() < 2) {
            return result;
        }
        AlignmentReport report = AlignmentReport.of(recordings);
        result.put("errorMs", report.errorMs());
        result.put("spreadMs", report.spreadMs());
        result.put("levelMismatches", report.levelMismatches());
        return result;
    }

    private static List<Recording.Click> recent(List<Recording.Click> clicks, double fromMs) {
        return clicks.stream().filter(c -> c.atMs() >= fromMs).toList();
    }

}
