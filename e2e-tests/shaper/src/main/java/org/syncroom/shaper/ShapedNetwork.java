package org.syncroom.shaper;

import java.util.ArrayList;
import java.util.List;

/**
 * A star of shaped links for tests: a hub namespace (where the server runs; it routes between
 * edges), a shaper namespace holding the forwarders, and one namespace per edge (a browser),
 * each wired as
 *
 * <pre>
 *   edge i: shaped0 10.77.i.2/24 ──veth── [e<i>-edge  shaper  e<i>-hub] ──veth── hub: sr-e<i> 10.77.i.1/24
 * </pre>
 *
 * with the edge's default route via 10.77.i.1 and IPv4 forwarding on in the hub, so edges reach
 * the hub and each other (edge to edge crosses both links: the sender's up, the receiver's down).
 * Every edge also reaches the hub at {@link #HUB_SERVICE_ADDRESS}, through its own link.
 * {@link #close} removes everything; namespaces this made vanish with their interfaces when this
 * JVM exits in any way, even killed (see {@link NetNamespace}). Needs root, `ip`, `ethtool`, `nsenter`.
 */
public final class ShapedNetwork implements AutoCloseable {
    public static final int MAX_EDGES = 250;
    /** The hub's end of edge i's link is {@code sr-e<i>}. */
    public static final String HUB_INTERFACE_PREFIX = "sr-e";
    private static final String SUBNET_PREFIX = "10.77.";
    /**
     * An address of the hub's own (on its loopback) that every edge reaches through its own link:
     * bind a server here (or to 0.0.0.0) and give every page the same origin.
     */
    public static final String HUB_SERVICE_ADDRESS = "10.77.0.1";

    private final NetNamespace hub;
    private final boolean madeHub;
    private final NetNamespace shaper;
    private final long seed;
    private final List<Edge> edges = new ArrayList<>();
    /** Never reused, so a failed edge's interfaces (removed asynchronously with its namespace) cannot clash. */
    private int nextIndex = 1;

    private ShapedNetwork(NetNamespace hub, boolean madeHub, NetNamespace shaper, long seed) {
        this.hub = hub;
        this.madeHub = madeHub;
        this.shaper = shaper;
        this.seed = seed;
    }

    /** A network whose hub is a new namespace too: nothing touches the JVM's own. */
    public static ShapedNetwork withNewHub(long seed) {
        NetNamespace shaper = NetNamespace.create("shaper");
        try {
            NetNamespace hub = NetNamespace.create("hub");
            return start(hub, true, shaper, seed);
        } catch (RuntimeException e) {
            shaper.close();
            throw e;
        }
    }

    /**
     * A network whose hub is this JVM's own namespace, so servers the test starts here are on
     * 10.77.i.1 for edge i. Refused in the machine's own namespace (see {@link NetNamespace#current}).
     */
    public static ShapedNetwork withHubInThisJvm(long seed) {
        NetNamespace hub = NetNamespace.current("hub");
        NetNamespace shaper = NetNamespace.create("shaper");
        try {
            return start(hub, false, shaper, seed);
        } catch (RuntimeException e) {
            shaper.close();
            throw e;
        }
    }

    private static ShapedNetwork start(NetNamespace hub, boolean madeHub, NetNamespace shaper, long seed) {
        try {
            hub.run("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
            hub.run("ip", "addr", "replace", HUB_SERVICE_ADDRESS + "/32", "dev", "lo");
        } catch (RuntimeException e) {
            if (madeHub) {
                hub.close();
            }
            throw e;
        }
        return new ShapedNetwork(hub, madeHub, shaper, seed);
    }

    public NetNamespace hub() {
        return hub;
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    /** Adds an edge with both directions unshaped. */
    public Edge addEdge(String name) {
        return addEdge(name, LinkProfile.UNSHAPED, LinkProfile.UNSHAPED);
    }

    /** Adds an edge whose link is shaped {@code up} (edge to hub) and {@code down}; it carries traffic when this returns. */
    public synchronized Edge addEdge(String name, LinkProfile up, LinkProfile down) {
        int index = nextIndex++;
        if (index > MAX_EDGES) {
            throw new IllegalStateException("a shaped network has at most " + MAX_EDGES + " edges");
        }
        String address = SUBNET_PREFIX + index + ".2";
        String hubAddress = SUBNET_PREFIX + index + ".1";
        String hubInterface = HUB_INTERFACE_PREFIX + index;
        String shaperEdgeEnd = "e" + index + "-edge";
        String shaperHubEnd = "e" + index + "-hub";
        NetNamespace edge = NetNamespace.create(name);
        try {
            Veth.create(edge, Edge.INTERFACE, shaper, shaperEdgeEnd);
            Veth.create(hub, hubInterface, shaper, shaperHubEnd);
            Veth.offloadsOff(edge, Edge.INTERFACE);
            Veth.offloadsOff(hub, hubInterface);
            Veth.ipv6Off(hub, hubInterface);
            Veth.ipv6Off(shaper, shaperEdgeEnd);
            Veth.ipv6Off(shaper, shaperHubEnd);
            Veth.upAsPort(shaper, shaperEdgeEnd);
            Veth.upAsPort(shaper, shaperHubEnd);
            Veth.address(hub, hubInterface, hubAddress + "/24");
            Veth.up(hub, hubInterface);
            Veth.address(edge, Edge.INTERFACE, address + "/24");
            Veth.up(edge, Edge.INTERFACE);
            edge.run("ip", "route", "add", "default", "via", hubAddress);
            ShapedLink link = ShapedLink.open(name, shaper, shaperEdgeEnd, shaperHubEnd, up, down, seed * 1_000_003L + index);
            Edge result = new Edge(name, index, edge, address, hubAddress, link);
            edges.add(result);
            return result;
        } catch (RuntimeException e) {
            edge.close();
            deleteQuietly(hub, hubInterface);
            throw new IllegalStateException("shaped network: cannot add edge " + name + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(NetNamespace namespace, String name) {
        try {
            namespace.run("sh", "-c", "ip link del " + name + " 2>/dev/null || true");
        } catch (RuntimeException ignored) {
            // already gone with its peer: nothing to remove
        }
    }

    /** Stops every forwarder and removes the interfaces and namespaces this made. */
    @Override
    public synchronized void close() {
        for (Edge edge : edges) {
            edge.link().close();
        }
        for (Edge edge : edges) {
            edge.namespace().close();
            if (!madeHub) {
                deleteQuietly(hub, HUB_INTERFACE_PREFIX + edge.index());
            }
        }
        edges.clear();
        shaper.close();
        if (madeHub) {
            hub.close();
        } else {
            hub.run("sh", "-c", "ip addr del " + HUB_SERVICE_ADDRESS + "/32 dev lo 2>/dev/null || true");
        }
    }
}
