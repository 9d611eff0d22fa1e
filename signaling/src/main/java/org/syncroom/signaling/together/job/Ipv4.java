package org.syncroom.signaling.together.job;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/** IPv4 addresses as ints (big-endian), parsed strictly from dotted quads: no DNS, ever. */
public final class Ipv4 {
    private Ipv4() {}

    /** The address of a dotted quad such as {@code 1.33.234.7}, or empty if it is not one. */
    public static OptionalInt parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return OptionalInt.empty();
        }
        int value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (octet < 0 || octets == 4) {
                    return OptionalInt.empty();
                }
                value = (value << 8) | octet;
                octets++;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return OptionalInt.empty();
                }
            } else {
                return OptionalInt.empty();
            }
        }
        return octets == 4 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    public static String format(int ipv4) {
        return (ipv4 >>> 24) + "." + ((ipv4 >>> 16) & 0xff) + "." + ((ipv4 >>> 8) & 0xff) + "." + (ipv4 & 0xff);
    }

    public static InetAddress toInetAddress(int ipv4) {
        byte[] bytes = {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    public static int of(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Mask of a prefix length 0..32, e.g. 24 gives 0xffffff00. */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * True for addresses that can never be a listener on the public internet (RFC 6890 special
     * purpose ranges: this network, private, shared, loopback, link local, multicast, reserved),
     * so a city can never be claimed for them.
     */
    public static boolean isPublic(int ipv4) {
        int a = ipv4 >>> 24;
        int b = (ipv4 >>> 16) & 0xff;
        return !(a == 0 || a == 10 || a == 127 || a >= 224
                || (a == 100 && b >= 64 && b < 128)
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b < 32)
                || (a == 192 && b == 168));
    }
}
