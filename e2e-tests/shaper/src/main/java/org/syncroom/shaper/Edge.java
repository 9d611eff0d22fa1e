package org.syncroom.shaper;

/**
 * One browser's place in a {@link ShapedNetwork}: its own namespace with one interface,
 * {@link #INTERFACE} at {@code address}/24, and a default route via the hub's {@code hubAddress}
 * on the other side of its shaped {@code link}.
 */
public record Edge(String name, int index, NetNamespace namespace, String address, String hubAddress, ShapedLink link) {
    /** The edge's interface inside its namespace. */
    public static final String INTERFACE = "shaped0";
}
