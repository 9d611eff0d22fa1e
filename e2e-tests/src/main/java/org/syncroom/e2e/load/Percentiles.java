package org.syncroom.e2e.load;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nearest-rank percentiles of round trips, in milliseconds. */
final class Percentiles {
    private Percentiles() {}

    static Map<String, Object> of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", sorted.length);
        if (sorted.length > 0) {
            out.put("p50", round(rank(sorted, 0.50)));
            out.put("p99", round(rank(sorted, 0.99)));
            out.put("max", round(sorted[sorted.length - 1]));
        }
        return out;
    }

    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
