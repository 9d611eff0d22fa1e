package org.syncroom.signaling.together.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Anonymiser networks whose plays never reach the globe: VPN, Tor exit, proxy and hosting
 * ranges. A play from one of them says nothing about where a person listens.
 *
 * <p>File format, one entry a line ({@code #} starts a comment): an IPv4 or IPv6 CIDR range
 * ({@code 104.28.0.0/16}, {@code 2001:db8:1::/48}), a single address ({@code 185.220.101.1},
 * {@code 2001:db8:1::7}), or an autonomous system ({@code AS9009}). AS entries
 * only match when the job has an ASN database ({@code --asn-db}). Ranges of both families live
 * in one 128-bit space (IPv4 mapped, {@link IpAddress}), merged and kept sorted, so a check is
 * one binary search however long the list.
 */
public final class Denylist implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest file accepted; a list of every hosting range on the internet is far shorter. */
    public static final int MAX_ENTRIES = 1_000_000;

    /** Merged ranges, sorted: range i is [starts i, ends i], each address as (high, low). */
    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;
    private final int[] asns;

    private Denylist(long[] startHigh, long[] startLow, long[] endHigh, long[] endLow, int[] asns) {
        this.startHigh = startHigh;
        this.startLow = startLow;
        this.endHigh = endHigh;
        this.endLow = endLow;
        this.asns = asns;
    }

    public static Denylist empty() {
        return new Denylist(new long[0], new long[0], new long[0], new long[0], new int[0]);
    }

    /** Parses the file format above; a line that is none of the three fails with its number. */
    public static Denylist parse(Reader source) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        TreeSet<Integer> asns = new TreeSet<>();
        BufferedReader lines = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (ranges.size() + asns.size() >= MAX_ENTRIES) {
                throw new IOException("more than " + MAX_ENTRIES + " entries");
            }
            if (entry.regionMatches(true, 0, "AS", 0, 2)) {
                asns.add(asn(entry, number));
            } else {
                ranges.add(range(entry, number));
            }
        }
        return fromRanges(ranges, asns.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int asn(String entry, int line) throws IOException {
        try {
            long n = Long.parseLong(entry.substring(2));
            if (n <= 0 || n > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IOException("line " + line + ": \"" + entry + "\" is not an AS number like AS9009");
        }
    }

    /** {startHigh, startLow, endHigh, endLow} of a CIDR range or single address of either family. */
    private static long[] range(String entry, int line) throws IOException {
        int slash = entry.indexOf('/');
        long[] address = IpAddress.parse(slash < 0 ? entry : entry.substring(0, slash));
        boolean ipv4 = address != null && entry.indexOf(':') < 0;
        int maxBits = ipv4 ? 32 : 128;
        int prefix = maxBits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
        }
        if (address == null || prefix < 0 || prefix > maxBits) {
            throw new IOException("line " + line + ": \"" + entry + "\" is not an address range like 104.28.0.0/16"
                    + " or 2001:db8:1::/48");
        }
        int bits = ipv4 ? prefix + 96 : prefix;
        long maskHigh = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long maskLow = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        long high = address[0] & maskHigh;
        long low = address[1] & maskLow;
        return new long[] {high, low, high | ~maskHigh, low | ~maskLow};
    }

    private static Denylist fromRanges(List<long[]> ranges, int[] asns) {
        ranges.sort((a, b) -> IpAddress.compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && touches(last, r)) {
                if (IpAddress.compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                merged.add(r.clone());
            }
        }
        int n = merged.size();
        long[][] columns = new long[4][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = merged.get(i)[c];
            }
        }
        return new Denylist(columns[0], columns[1], columns[2], columns[3], asns);
    }

    /** Whether {@code next} (starting at or after {@code last}'s start) overlaps or directly follows it. */
    private static boolean touches(long[] last, long[] next) {
        if (IpAddress.compare(next[0], next[1], last[2], last[3]) <= 0) {
            return true;
        }
        long afterLow = last[3] + 1;
        long afterHigh = afterLow == 0 ? last[2] + 1 : last[2];
        return next[0] == afterHigh && next[1] == afterLow;
    }

    /** Whether the address (IPv4 mapped, {@link IpAddress}) is in a denylisted range. */
    public boolean containsAddress(long high, long low) {
        int lo = 0;
        int hi = startLow.length - 1;
        int candidate = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (IpAddress.compare(startHigh[mid], startLow[mid], high, low) <= 0) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return candidate >= 0 && IpAddress.compare(high, low, endHigh[candidate], endLow[candidate]) <= 0;
    }

    public boolean containsIpv4(int ipv4) {
        return containsAddress(0, IpAddress.ipv4Low(ipv4));
    }

    public boolean containsAsn(long asn) {
        return asn > 0 && asn <= 0xffffffffL && Arrays.binarySearch(asns, (int) asn) >= 0;
    }

    public boolean hasAsns() {
        return asns.length > 0;
    }

    /** Merged ranges and AS numbers, for start-up logs. */
    public String summary() {
        return startLow.length + " ranges, " + asns.length + " AS numbers";
    }
}
