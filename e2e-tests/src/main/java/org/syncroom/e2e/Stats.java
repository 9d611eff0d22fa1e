package org.syncroom.e2e;

import java.util.List;

/** Nearest-rank percentiles of a sample, in the sample's unit. */
public record Stats(int count, double p50, double p95, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(sorted.length, Distribution.rank(sorted, 0.50), Distribution.rank(sorted, 0.95),
                sorted[sorted.length - 1]);
    }

    /** The arithmetic mean of {@code values}; NaN for none. */
    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "none";
        }
        return String.format(java.util.Locale.ROOT, "p50 %.2f  p95 %.2f  max %.2f  (n=%d)", p50, p95, max, count);
    }
}
