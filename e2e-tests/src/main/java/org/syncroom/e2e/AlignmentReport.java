package org.syncroom.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lines up the clicks that different listeners rendered and measures how far apart they
 * were. Clicks of different listeners within {@link #MATCH_WINDOW_MS} of each other are
 * taken as the same click; if their levels differ, someone was a whole click off, and that
 * counts as a mismatch, not as alignment.
 *
 * @param errorMs   per listener and click: distance from the median of that click
 * @param spreadMs  per click: latest minus earliest listener
 * @param clickSpreadsMs every compared click's spread, in the order heard
 */
public record AlignmentReport(int listeners, int clicksCompared, Stats errorMs, Stats spreadMs, int levelMismatches,
                              Stats joinToFirstSoundMs, Map<String, Integer> clicksPerListener, String worstClick,
                              List<Double> clickSpreadsMs) {

    public static final double MATCH_WINDOW_MS = 200;

    public static AlignmentReport of(List<Recording> recordings) {
        record Heard(int listener, Recording.Click click) {}
        List<Heard> all = new ArrayList<>();
        Map<String, Integer> perListener = new LinkedHashMap<>();
        for (int i = 0; i < recordings.size(); i++) {
            Recording r = recordings.get(i);
            perListener.put(r.name(), r.clicks().size());
            for (Recording.Click c : r.clicks()) {
                all.add(new Heard(i, c));
            }
        }
        all.sort(Comparator.comparingDouble(h -> h.click().atMs()));

        List<Double> errors = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        int compared = 0;
        int mismatches = 0;
        double worstSpread = -1;
        String worst = "none";
        int i = 0;
        while (i < all.size()) {
            double start = all.get(i).click().atMs();
            Map<Integer, Heard> cluster = new HashMap<>();
            while (i < all.size() && all.get(i).click().atMs() - start <= MATCH_WINDOW_MS) {
                cluster.putIfAbsent(all.get(i).listener(), all.get(i));
                i++;
            }
            if (cluster.size() < 2) {
                continue;
            }
            compared++;
            if (cluster.values().stream().map(h -> h.click().levelIndex()).distinct().count() > 1) {
                mismatches++;
            }
            double[] times = cluster.values().stream().mapToDouble(h -> h.click().atMs()).sorted().toArray();
            double median = times.length % 2 == 1 ? times[times.length / 2]
                    : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
            spreads.add(times[times.length - 1] - times[0]);
            if (times[times.length - 1] - times[0] > worstSpread) {
                worstSpread = times[times.length - 1] - times[0];
                worst = describe(cluster.values().stream().map(h -> recordings.get(h.listener()).name() + "@"
                        + String.format(java.util.Locale.ROOT, "%.2f", h.click().atMs() - median) + "ms/L"
                        + h.click().levelIndex()).sorted().toList(), start - all.get(0).click().atMs());
            }
            for (double t : times) {
                errors.add(Math.abs(t - median));
            }
        }
        List<Double> joins = recordings.stream().filter(Recording::lateJoiner)
                .map(Recording::joinToFirstSoundMs).filter(Objects::nonNull).toList();
        return new AlignmentReport(recordings.size(), compared, Stats.of(errors), Stats.of(spreads), mismatches,
                Stats.of(joins), perListener, worst, List.copyOf(spreads));
    }

    /** How many compared clicks were spread wider than {@code boundMs} between the earliest and latest listener. */
    public long clicksSpreadBeyond(double boundMs) {
        return clickSpreadsMs.stream().filter(s -> s >= boundMs).count();
    }

    private static String describe(List<String> members, double atMs) {
        return String.format(java.util.Locale.ROOT, "%.1f ms after the first click: ", atMs)
                + String.join(", ", members);
    }

    public String describe() {
        return "listeners: " + listeners + ", clicks compared: " + clicksCompared
                + ", level mismatches: " + levelMismatches + "\n"
                + "inter-listener error ms (distance from median): " + errorMs + "\n"
                + "per-click spread ms (latest - earliest):        " + spreadMs + "\n"
                + "late joiner join-to-first-sound ms:             " + joinToFirstSoundMs + "\n"
                + "clicks heard per listener: " + clicksPerListener + "\n"
                + "worst click (offset from median / level): " + worstClick;
    }
}
