package org.syncroom.signaling.topology;

/**
 * The shape limits of one room's relay tree.
 *
 * @param hostFanout     children the host feeds itself (its upload is this many streams)
 * @param listenerFanout children a relaying listener may feed; 0 makes the tree a star
 * @param maxListeners   listeners the tree holds at most (the room's own limit); bounds every
 *                       per-listener collection in the tree
 */
public record TreeLimits(int hostFanout, int listenerFanout, int maxListeners) {
    public static final int DEFAULT_FANOUT = 4;

    public TreeLimits {
        if (hostFanout < 1) {
            throw new IllegalArgumentException("hostFanout must be at least 1, got " + hostFanout);
        }
        if (listenerFanout < 0) {
            throw new IllegalArgumentException("listenerFanout must be at least 0, got " + listenerFanout);
        }
        if (maxListeners < 0) {
            throw new IllegalArgumentException("maxListeners must be at least 0, got " + maxListeners);
        }
    }

    /** Host and listeners with the same fanout. */
    public static TreeLimits of(int fanout, int maxListeners) {
        return new TreeLimits(fanout, fanout, maxListeners);
    }

    /**
     * The least possible maximum depth of a tree of {@code listeners} relaying listeners under
     * these fanouts (host depth 0, its children depth 1): the smallest D with
     * {@code hostFanout * (1 + f + ... + f^(D-1)) >= listeners}. With host fanout equal to
     * fanout f this is at most {@code ceil(log_f(listeners))}. With {@code listenerFanout} 0 it is 1.
     */
    public int balancedDepth(int listeners) {
        int depth = 0;
        long capacity = 0;
        long level = hostFanout;
        while (capacity < listeners) {
            depth++;
            capacity += level;
            if (listenerFanout == 0) {
                break;
            }
            level = Math.min(level * listenerFanout, Integer.MAX_VALUE);
        }
        return depth;
    }
}
