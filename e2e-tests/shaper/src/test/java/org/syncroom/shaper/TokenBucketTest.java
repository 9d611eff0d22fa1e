package org.syncroom.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000;

    @Test
    void anIdleBucketLetsOneFrameThroughAtOnce() {
        TokenBucket bucket = new TokenBucket(8_000_000, 1514, 0);

        assertThat(bucket.departureNanos(5 * MS, 1000)).isEqualTo(5 * MS);
        assertThat(bucket.backlogBytes(5 * MS)).isZero();
    }

    @Test
    void aSaturatedBucketSendsAtExactlyItsRate() {
        // 8 Mbit/s = 1 byte per µs: each 1,000-byte frame takes 1 ms once the burst is spent.
        TokenBucket bucket = new TokenBucket(8_000_000, 1000, 0);
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = bucket.departureNanos(0, 1000);
        }
        assertThat(last).isCloseTo(999 * MS, within(1_000L));
    }

    @Test
    void backlogCountsFramesAdmittedAndNotYetDeparted() {
        TokenBucket bucket = new TokenBucket(8_000_000, 1000, 0);
        for (int i = 0; i < 10; i++) {
            bucket.departureNanos(0, 1000); // departures at 0, 1, ..., 9 ms
        }
        assertThat(bucket.backlogBytes(0)).isEqualTo(9_000);
        assertThat(bucket.backlogBytes(4 * MS + 1)).isEqualTo(5_000);
        assertThat(bucket.backlogBytes(100 * MS)).isZero();
    }

    @Test
    void tokensRefillWhileIdleUpToTheBurstOnly() {
        TokenBucket bucket = new TokenBucket(8_000_000, 2000, 0);
        bucket.departureNanos(0, 2000); // bucket empty at 0
        // 1 s idle would give 1 MB of tokens; the bucket holds 2,000 bytes, so the third frame waits 1 ms.
        assertThat(bucket.departureNanos(1_000 * MS, 1000)).isEqualTo(1_000 * MS);
        assertThat(bucket.departureNanos(1_000 * MS, 1000)).isEqualTo(1_000 * MS);
        assertThat(bucket.departureNanos(1_000 * MS, 1000)).isCloseTo(1_001 * MS, within(1_000L));
    }

    @Test
    void aNewRateAppliesToFramesAdmittedAfterIt() {
        TokenBucket bucket = new TokenBucket(8_000_000, 1000, 0);
        bucket.departureNanos(0, 1000);
        assertThat(bucket.departureNanos(0, 1000)).isCloseTo(MS, within(1_000L));
        bucket.setRate(4_000_000);
        assertThat(bucket.departureNanos(0, 1000)).isCloseTo(3 * MS, within(1_000L));
    }
}
