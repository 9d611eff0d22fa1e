package org.syncroom.shaper;

import java.util.Random;

/**
 * The rules of one shaped direction, with no sockets or threads: for each arriving frame, in order,
 * cut → loss draw → bottleneck ({@link TokenBucket}, tail drop) → delay + jitter draw, as
 * {@link LinkProfile} describes. Pure apart from its seeded random draws, so tests drive it with
 * made-up times. A new profile applies to frames arriving from then on; frames already admitted
 * keep their times (as with `tc qdisc change`).
 */
final class ShapingModel {
    /** The largest frame on a veth of MTU 1500 with offloads off: 14-byte header + 1500. */
    static final int MAX_FRAME_BYTES = 1514;
    /** The bucket holds one largest frame: a saturated link sends at exactly its rate, an idle one takes a frame at once. */
    static final int BURST_BYTES = MAX_FRAME_BYTES;
    private static final double NANOS_PER_MS = 1e6;

    private final Random random;
    private LinkProfile profile;
    private boolean cut;
    private TokenBucket bottleneck;

    ShapingModel(LinkProfile profile, long seed) {
        this.profile = profile;
        this.random = new Random(seed);
    }

    synchronized LinkProfile profile() {
        return profile;
    }

    synchronized void shape(LinkProfile next) {
        profile = next;
        if (next.rateBitsPerSec() > 0 && bottleneck != null) {
            bottleneck.setRate(next.rateBitsPerSec());
        }
    }

    synchronized boolean isCut() {
        return cut;
    }

    synchronized void setCut(boolean cut) {
        this.cut = cut;
    }

    synchronized Fate admit(long arrivalNanos, int frameBytes) {
        if (cut) {
            return Fate.drop(DropReason.CUT);
        }
        if (profile.lossFraction() > 0 && random.nextDouble() < profile.lossFraction()) {
            return Fate.drop(DropReason.LOSS);
        }
        long departureNanos = arrivalNanos;
        if (profile.rateBitsPerSec() > 0) {
            if (bottleneck == null) {
                bottleneck = new TokenBucket(profile.rateBitsPerSec(), BURST_BYTES, arrivalNanos);
            }
            if (bottleneck.backlogBytes(arrivalNanos) + frameBytes > profile.queueBytes()) {
                return Fate.drop(DropReason.QUEUE_FULL);
            }
            departureNanos = bottleneck.departureNanos(arrivalNanos, frameBytes);
        }
        return Fate.due(departureNanos + delayNanos());
    }

    /** One draw of the delay: normal around the mean, below zero taken as zero. */
    private long delayNanos() {
        double delayMs = profile.delayMs();
        if (profile.jitterMs() > 0) {
            delayMs += profile.jitterMs() * random.nextGaussian();
        }
        return delayMs <= 0 ? 0 : Math.round(delayMs * NANOS_PER_MS);
    }
}
