package org.syncroom.e2e;

import java.util.List;

/** Nearest-rank percentiles of a sample, in the sample's unit. */
public record Stats(int count, double p50, double p95, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "none";
        }
        return String.format(java.util.Locale.ROOT, "p50 %.2f  p95 %.2f  max %.2f  (n=%d)", p50, p95, max, count);
    }
}
