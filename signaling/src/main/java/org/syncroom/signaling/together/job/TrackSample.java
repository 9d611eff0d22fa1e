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

    /** Folds another sample of the same track in (only needed by merging windows). */
    public void merge(TrackSample other) {
        for (int i = 0; i < other.sampled; i++) {
            add(other.trackKey, other.sample[i]);
        }
        plays += other.plays - other.sampled;
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
