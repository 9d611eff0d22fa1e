package org.syncroom.e2e;

import java.util.Locale;

/** Nearest-rank percentiles of a sample, in the sample's unit (p99 beside {@link Stats}' p95). */
public record Distribution(int count, double p50, double p95, double p99, double max) {

    public static Distribution of(double[] values, int count) {
        if (count == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = java.util.Arrays.copyOf(values, count);
        java.util.Arrays.sort(sorted);
        return new Distribution(count, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[count - 1]);
    }

    /** The nearest-rank {@code q}-quantile of an ascending sample (shared with {@link Stats}). */
    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (n=%d)", p50, p95, p99, max, count);
    }
}
