package org.syncroom.shaper;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The datagrams of a {@link UdpStream}: when each was sent, when (if) it arrived, and its place in
 * the order of arrival; with the figures the shaper is judged by.
 */
public record StreamResult(List<Datagram> datagrams, int frameBytes) {
    /** @param arrivedNanos −1 if lost; @param arrivalRank its place among arrivals, −1 if lost */
    public record Datagram(int sequence, long sentNanos, long arrivedNanos, int arrivalRank) {
        public boolean arrived() {
            return arrivedNanos >= 0;
        }

        public double delayMs() {
            return (arrivedNanos - sentNanos) / 1e6;
        }
    }

    /** The datagrams that match, as a result of their own (order and rates among themselves). */
    public StreamResult only(Predicate<Datagram> which) {
        return new StreamResult(datagrams.stream().filter(which).toList(), frameBytes);
    }

    /** The datagrams sent from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive). */
    public StreamResult sentBetween(long fromNanos, long toNanos) {
        return only(d -> d.sentNanos() >= fromNanos && d.sentNanos() < toNanos);
    }

    public int sent() {
        return datagrams.size();
    }

    public int received() {
        return (int) datagrams.stream().filter(Datagram::arrived).count();
    }

    public double lossFraction() {
        return sent() == 0 ? Double.NaN : 1 - (double) received() / sent();
    }

    /** One-way delays of the datagrams that arrived, ascending. */
    public double[] delaysMs() {
        return datagrams.stream().filter(Datagram::arrived).mapToDouble(Datagram::delayMs).sorted().toArray();
    }

    public double meanDelayMs() {
        return Arrays.stream(delaysMs()).average().orElse(Double.NaN);
    }

    public double stddevDelayMs() {
        double[] delays = delaysMs();
        double mean = Arrays.stream(delays).average().orElse(Double.NaN);
        return Math.sqrt(Arrays.stream(delays).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, delays.length - 1));
    }

    /** The nearest-rank {@code q}-quantile of the delays. */
    public double delayQuantileMs(double q) {
        double[] delays = delaysMs();
        if (delays.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * delays.length) - 1;
        return delays[Math.max(0, Math.min(delays.length - 1, index))];
    }

    /** Of the datagrams that arrived, the fraction that came after one sent later. */
    public double reorderedFraction() {
        Datagram[] byArrival = datagrams.stream().filter(Datagram::arrived)
                .sorted((a, b) -> Integer.compare(a.arrivalRank(), b.arrivalRank())).toArray(Datagram[]::new);
        int reordered = 0;
        long highestSeen = -1;
        for (Datagram d : byArrival) {
            if (d.sentNanos() < highestSeen) {
                reordered++;
            }
            highestSeen = Math.max(highestSeen, d.sentNanos());
        }
        return byArrival.length == 0 ? Double.NaN : (double) reordered / byArrival.length;
    }

    /** The rate the datagrams came in at, as Ethernet frames: all but the first over the first to the last arrival. */
    public double receiveRateBitsPerSec() {
        long[] arrivals = datagrams.stream().filter(Datagram::arrived).mapToLong(Datagram::arrivedNanos).sorted().toArray();
        if (arrivals.length < 2) {
            return Double.NaN;
        }
        return (arrivals.length - 1) * (double) frameBytes * 8 / ((arrivals[arrivals.length - 1] - arrivals[0]) / 1e9);
    }

    /** The rate they were sent at, as Ethernet frames. */
    public double sendRateBitsPerSec() {
        if (datagrams.size() < 2) {
            return Double.NaN;
        }
        long span = datagrams.get(datagrams.size() - 1).sentNanos() - datagrams.get(0).sentNanos();
        return (datagrams.size() - 1) * (double) frameBytes * 8 / (span / 1e9);
    }

    /** The last arrival, or −1 if none. */
    public long lastArrivalNanos() {
        return datagrams.stream().mapToLong(Datagram::arrivedNanos).max().orElse(-1);
    }
}
