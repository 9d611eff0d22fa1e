package org.syncroom.signaling.together.job;

/**
 * One track's plays in one window: how many there were and a uniform sample of at most
 * {@code sampleLow.length} of their addresses (reservoir sampling, Vitter's algorithm R), so
 * the lookups per track and window are bounded however popular the track is.
 */
public class TrackSample {
    public String trackKey;
    public long plays;
    /** Sampled addresses, high and low 64 bits ({@link IpAddress}); the first {@code sampled} are filled. */
    public long[] sampleHigh;
    public long[] sampleLow;
    public int sampled;
    /** xorshift64 state: sampling needs no crypto, and java.util.Random is not a POJO field. */
    public long rngState;

    public TrackSample() {}

    public TrackSample(int capacity, long seed) {
        this.sampleHigh = new long[capacity];
        this.sampleLow = new long[capacity];
        this.rngState = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    public void add(String track, long addressHigh, long addressLow) {
        trackKey = track;
        plays++;
        if (sampled < sampleLow.length) {
            sampleHigh[sampled] = addressHigh;
            sampleLow[sampled++] = addressLow;
            return;
        }
        long slot = Long.remainderUnsigned(nextRandom(), plays);
        if (slot < sampleLow.length) {
            sampleHigh[(int) slot] = addressHigh;
            sampleLow[(int) slot] = addressLow;
        }
    }

    /** Adds a play from an IPv4 address. */
    public void add(String track, int ipv4) {
        add(track, 0, IpAddress.ipv4Low(ipv4));
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
        int size = Math.min(sampleLow.length, sampled + other.sampled);
        long[] mergedHigh = new long[sampleLow.length];
        long[] mergedLow = new long[sampleLow.length];
        int fromThis = 0;
        int fromOther = 0;
        for (int i = 0; i < size; i++) {
            boolean takeThis = fromOther >= other.sampled
                    || (fromThis < sampled && Long.remainderUnsigned(nextRandom(), total) < plays);
            if (takeThis) {
                mergedHigh[i] = sampleHigh[fromThis];
                mergedLow[i] = sampleLow[fromThis++];
            } else {
                mergedHigh[i] = other.sampleHigh[fromOther];
                mergedLow[i] = other.sampleLow[fromOther++];
            }
        }
        sampleHigh = mergedHigh;
        sampleLow = mergedLow;
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
