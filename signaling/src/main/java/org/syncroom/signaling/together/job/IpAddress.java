package org.syncroom.signaling.together.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/**
 * An address of either family as 128 bits in two longs (high, low), as the job carries it: an
 * IPv6 address as it is, an IPv4 address as its IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}
 * (RFC 4291 §2.5.5.2). Plain longs keep {@link PlayEvent} a POJO for Flink (no
 * {@code InetAddress}, which Kryo cannot copy on Java 17). Literals only: never DNS.
 */
public final class IpAddress {
    /** The low word of {@code ::ffff:0.0.0.0}: bits 32-47 set. */
    static final long IPV4_MAPPED = 0x0000_ffff_0000_0000L;
    /** Longest IPv6 literal: eight groups of four hex digits, or six and a dotted quad. */
    private static final int MAX_LITERAL_CHARS = 45;

    private IpAddress() {}

    /** The low word of an IPv4 address mapped into IPv6; its high word is 0. */
    public static long ipv4Low(int ipv4) {
        return IPV4_MAPPED | Integer.toUnsignedLong(ipv4);
    }

    public static boolean isIpv4(long high, long low) {
        return high == 0 && (low & 0xffff_ffff_0000_0000L) == IPV4_MAPPED;
    }

    /** The IPv4 address of a mapped address (see {@link #isIpv4}). */
    public static int ipv4Of(long low) {
        return (int) low;
    }

    /**
     * The address a literal names, {@code {high, low}}, or null if the text is neither a dotted
     * quad nor an IPv6 literal (no zone ids, no brackets, no host names).
     */
    public static long[] parse(String text) {
        OptionalInt ipv4 = Ipv4.parse(text);
        if (ipv4.isPresent()) {
            return new long[] {0, ipv4Low(ipv4.getAsInt())};
        }
        if (!isIpv6Literal(text)) {
            return null;
        }
        try {
            // With a ':' and only hex digits, ':' and '.', the JDK parses the literal and never resolves it.
            byte[] bytes = InetAddress.getByName(text).getAddress();
            // The JDK turns ::ffff:a.b.c.d into four bytes.
            return bytes.length == 4 ? new long[] {0, ipv4Low((int) word(bytes, 0, 4))}
                    : new long[] {word(bytes, 0, 8), word(bytes, 8, 8)};
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpv6Literal(String text) {
        if (text == null || text.length() < 2 || text.length() > MAX_LITERAL_CHARS || text.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static long word(byte[] bytes, int from, int length) {
        long value = 0;
        for (int i = from; i < from + length; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    /** A 4-byte address for IPv4 (so an IPv4 database finds it), 16 bytes otherwise. */
    public static InetAddress toInetAddress(long high, long low) {
        if (isIpv4(high, low)) {
            return Ipv4.toInetAddress(ipv4Of(low));
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("sixteen bytes are always an address", e);
        }
    }

    public static String format(long high, long low) {
        return isIpv4(high, low) ? Ipv4.format(ipv4Of(low)) : toInetAddress(high, low).getHostAddress();
    }

    /**
     * True for addresses a listener on the public internet can have: public IPv4
     * ({@link Ipv4#isPublic}), or IPv6 global unicast 2000::/3 (RFC 4291 §2.4) outside the
     * IETF protocol assignments 2001::/23 (Teredo, benchmarking, ORCHID; RFC 2928, 4380), the
     * documentation ranges 2001:db8::/32 and 3fff::/20 (RFC 3849, 9637) and 6to4 2002::/16
     * (RFC 3056: a relay's address, not the listener's). Loopback, link-local, unique local,
     * multicast and NAT64 addresses fall outside 2000::/3.
     */
    public static boolean isPublic(long high, long low) {
        if (isIpv4(high, low)) {
            return Ipv4.isPublic(ipv4Of(low));
        }
        int first16 = (int) (high >>> 48);
        int first32 = (int) (high >>> 32);
        return (first16 & 0xe000) == 0x2000
                && (first32 >>> 9) != (0x2001_0000 >>> 9)
                && first32 != 0x2001_0db8
                && (high >>> 44) != 0x3fff0
                && first16 != 0x2002;
    }

    /** Compares as unsigned 128-bit numbers. */
    static int compare(long highA, long lowA, long highB, long lowB) {
        int byHigh = Long.compareUnsigned(highA, highB);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(lowA, lowB);
    }
}
