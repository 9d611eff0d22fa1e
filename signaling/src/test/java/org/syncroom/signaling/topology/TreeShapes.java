package org.syncroom.signaling.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small trees for tests, built by joins so placement itself decides the shape. */
final class TreeShapes {
    private TreeShapes() {}

    /**
     * Host and listener fanout 2, listeners l0..l13 joined in order (all relays):
     * <pre>
     * host: l0 l1 | l0: l2 l3 | l1: l4 l5 | l2: l6 l7 | l3: l8 l9 | l4: l10 l11 | l5: l12 l13
     * </pre>
     */
    static RelayTree binaryOfFourteen(double nowMs) {
        RelayTree tree = new RelayTree("host", TreeLimits.of(2, 64));
        for (int i = 0; i < 14; i++) {
            tree.join("l" + i, true, nowMs);
        }
        return tree;
    }

    /** Every listener's parent (null while waiting), to compare a tree before and after. */
    static Map<String, String> parents(RelayTree tree) {
        Map<String, String> parents = new LinkedHashMap<>();
        for (String id : tree.listenerIds()) {
            parents.put(id, tree.parentOf(id).orElse(null));
        }
        return parents;
    }
}
