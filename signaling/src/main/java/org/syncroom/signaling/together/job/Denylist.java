package org.syncroom.signaling.together.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Anonymiser networks whose plays never reach the globe: VPN, Tor exit, proxy and hosting
 * ranges. A play from one of them says nothing about where a person listens.
 *
 * <p>File format, one entry a line ({@code #} starts a comment): an IPv4 CIDR range
 * ({@code 104.28.0.0/16}), a single address ({@code 185.220.101.1}), or an autonomous system
 * ({@code AS9009}). AS entries only match when the job has an ASN database ({@code --asn-db}).
 * Ranges are merged and kept sorted, so a check is one binary search however long the list.
 */
public final class Denylist implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest file accepted; a list of every hosting range on the internet is far shorter. */
    public static final int MAX_ENTRIES = 1_000_000;

    private final long[] starts;
    private final long[] ends;
    private final int[] asns;

    private Denylist(long[] starts, long[] ends, int[] asns) {
        this.starts = starts;
        this.ends = ends;
        this.asns = asns;
    }

    public static Denylist empty() {
        return new Denylist(new long[0], new long[0], new int[0]);
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

    private static long[] range(String entry, int line) throws IOException {
        int slash = entry.indexOf('/');
        OptionalInt address = Ipv4.parse(slash < 0 ? entry : entry.substring(0, slash));
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
        }
        if (address.isEmpty() || prefix < 0 || prefix > 32) {
            throw new IOException("line " + line + ": \"" + entry + "\" is not an IPv4 range like 104.28.0.0/16");
        }
        long start = Integer.toUnsignedLong(address.getAsInt() & Ipv4.mask(prefix));
        long size = 1L << (32 - prefix);
        return new long[] {start, start + size - 1};
    }

    private static Denylist fromRanges(List<long[]> ranges, int[] asns) {
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] starts = new long[ranges.size()];
        long[] ends = new long[ranges.size()];
        int n = 0;
        for (long[] r : ranges) {
            if (n > 0 && r[0] <= ends[n - 1] + 1) {
                ends[n - 1] = Math.max(ends[n - 1], r[1]);
            } else {
                starts[n] = r[0];
                ends[n] = r[1];
                n++;
            }
        }
        return new Denylist(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), asns);
    }

    public boolean containsAddress(int ipv4) {
        long address = Integer.toUnsignedLong(ipv4);
        int i = Arrays.binarySearch(starts, address);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;
        return before >= 0 && address <= ends[before];
    }

    public boolean containsAsn(long asn) {
        return asn > 0 && asn <= 0xffffffffL && Arrays.binarySearch(asns, (int) asn) >= 0;
    }

    public boolean hasAsns() {
        return asns.length > 0;
    }

    /** Merged ranges and AS numbers, for start-up logs. */
    public String summary() {
        return starts.length + " ranges, " + asns.length + " AS numbers";
    }
}
