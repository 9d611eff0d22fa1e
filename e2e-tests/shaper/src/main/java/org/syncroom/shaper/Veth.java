package org.syncroom.shaper;

/** The `ip` and `ethtool` steps that make and set up veth pairs across namespaces. */
final class Veth {
    private Veth() {
    }

    /** A veth pair: {@code nameHere} in {@code here}, its peer {@code nameThere} in {@code there}, both down. */
    static void create(NetNamespace here, String nameHere, NetNamespace there, String nameThere) {
        here.run("ip", "link", "add", nameHere, "type", "veth", "peer", "name", nameThere, "netns", Long.toString(there.pid()));
    }

    /**
     * Turns off checksum and segmentation offloads on an end that sends into the shaper. With them
     * on, the kernel hands a packet socket TCP segments of up to 64 KB and frames whose checksums
     * are left to "hardware" that a forwarded frame never meets, and the far end drops them.
     */
    static void offloadsOff(NetNamespace namespace, String name) {
        namespace.run("ethtool", "-K", name, "tx", "off", "tso", "off", "gso", "off", "gro", "off");
    }

    /** No IPv6 on this interface (it would send router solicitations and address probes). */
    static void ipv6Off(NetNamespace namespace, String name) {
        namespace.run("sh", "-c", "f=/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6; [ ! -e $f ] || echo 1 > $f");
    }

    static void up(NetNamespace namespace, String name) {
        namespace.run("ip", "link", "set", name, "up");
    }

    /** Up and promiscuous, as a bridge port is. */
    static void upAsPort(NetNamespace namespace, String name) {
        namespace.run("ip", "link", "set", name, "up", "promisc", "on");
    }

    static void address(NetNamespace namespace, String name, String cidr) {
        namespace.run("ip", "addr", "add", cidr, "dev", name);
    }
}
