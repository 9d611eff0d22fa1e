package org.syncroom.signaling.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * {@code --trusted-proxy} ranges, and the client address they let a socket claim: when the
 * direct peer is inside a trusted range, {@code X-Forwarded-For} is read from the right (the
 * entry the nearest proxy appended) past every further trusted hop, and the first address
 * outside the ranges is the client (MDN, "X-Forwarded-For": "the rightmost untrusted
 * address"). A socket from anywhere else gets its own address, whatever it sends. Only the
 * globe's plays use this; limits and logs keep the socket's address. Addresses are parsed as
 * literals (Guava's {@code InetAddresses}), never resolved.
 */
public final class TrustedProxies {
    /** Hops of X-Forwarded-For looked at, from the right; a longer chain is not a real one. */
    public static final int MAX_HOPS = 16;

    private final List<String> cidrs;
    private final InetAddressSet ranges = new InetAddressSet();

    private TrustedProxies(List<String> cidrs) {
        this.cidrs = List.copyOf(cidrs);
        this.ranges.addAll(cidrs);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * @param cidrs ranges such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address
     * @throws IllegalArgumentException naming the flag and the first range that is not one
     */
    public static TrustedProxies of(List<String> cidrs) {
        List<String> normal = new ArrayList<>();
        for (String cidr : cidrs) {
            normal.add(normalise(cidr));
        }
        return new TrustedProxies(normal);
    }

    private static String normalise(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = literal(address);
        if (parsed == null) {
            throw new IllegalArgumentException("--trusted-proxy must be an address range such as 10.0.0.0/8 or "
                    + "2001:db8::/32, got " + cidr);
        }
        int maxBits = parsed.getAddress().length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > maxBits) {
                throw new IllegalArgumentException("--trusted-proxy " + cidr + ": the prefix length must be 0 to "
                        + maxBits);
            }
        }
        return InetAddresses.toAddrString(parsed) + "/" + bits;
    }

    /** The ranges, normalised ({@code 10.0.0.0/8}). */
    public List<String> cidrs() {
        return cidrs;
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    /**
     * The client's address for a socket whose direct peer is {@code remoteAddress}.
     *
     * @param forwardedFor the request's {@code X-Forwarded-For} header lines (comma lists), oldest hop first
     */
    public String clientAddress(String remoteAddress, List<String> forwardedFor) {
        InetAddress peer = literal(remoteAddress);
        if (peer == null || cidrs.isEmpty() || !ranges.test(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return remoteAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            InetAddress hop = literal(withoutPort(hops.get(i)));
            if (hop == null) {
                break; // "unknown", an obfuscated name: nothing further left can be trusted
            }
            client = hop;
            if (!ranges.test(hop)) {
                break;
            }
        }
        return InetAddresses.toAddrString(client);
    }

    /** {@code 1.2.3.4:80} and {@code [2001:db8::1]:80} without the port; a bare IPv6 address as it is. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** The address a literal names, or null if it is not an IPv4 or IPv6 literal. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return InetAddresses.isInetAddress(bare) ? InetAddresses.forString(bare) : null;
    }
}
