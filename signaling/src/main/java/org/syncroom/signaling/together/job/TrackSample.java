package org.syncroom.signaling.together.job;

/**
 * One track's plays in one window: how many there were and a uniform sample of at most
 * {@code sample.length} of their addresses (reservoir sampling, Vitter's algorithm R), so
 * the lookups per track and window are bounded however popular the track is.
 */
public class TrackSample {
    public String trackKey;
    public long plays;
    /** Sampled addresses; the first {@code sampled} entries are filled. */
    public int[] sample;
    public int sampled;
    /** xorshift64 state: sampling needs no crypto, and java.util.Random is not a POJO field. */
    public long rngState;

    public TrackSample() {}

    public TrackSample(int capacity, long seed) {
        this.sample = new int[capacity];
        this.rngState = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    public void add(String track, int ipv4) {
        trackKey = track;
        plays++;
        if (sampled < sample.length) {
            sample[sampled++] = ipv4;
            return;
        }
        long slot = Long.remainderUnsigned(nextRandom(), plays);
        if (slot < sample.length) {
            sample[(int) slot] = ipv4;
        }
    }

    /**
     * Folds another sample of the same track in. The merged sample stays within this one's
     * bound and draws from each side in proportion to its plays, so it stays uniform over all.
     */
    public void merge(TrackSample other) {
        if (other.plays == 0) {
            return;
        }
        trackKey = other.trackKey;
        long total = plays + other.plays;
        int size = Math.min(sample.length, sampled + other.sampled);
        int[] merged = new int[sample.length];
        int fromThis = 0;
        int fromOther = 0;
        for (int i = 0; i < size; i++) {
            boolean takeThis = fromOther >= other.sampled
                    || (fromThis < sampled && Long.remainderUnsigned(nextRandom(), total) < plays);
            merged[i] = takeThis ? sample[fromThis++] : other.sample[fromOther++];
        }
        sample = merged;
        sampled = size;
        plays = total;
    }

    private long nextRandom() {
        long x = rngState;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rngState = x;
        return x;
    }
}
