package org.syncroom.signaling.limits;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.syncroom.signaling.clock.ServerClock;

/**
 * Per-address and total bounds: open sockets, and rooms created per minute. The maps hold only
 * addresses with open sockets or with a room budget not yet refilled; {@link #forgetIdle()}
 * drops the rest, so their size is bounded by the connections the server allows.
 */
@Singleton
public final class AddressLimits {
    private final Limits limits;
    private final ServerClock clock;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> openByAddress = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> roomsByAddress = new ConcurrentHashMap<>();

    @Inject
    public AddressLimits(Limits limits, ServerClock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** A held connection slot; released once, however many times {@link #release()} is called. */
    public final class Lease {
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String address) {
            this.address = address;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                openByAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
    }

    /** A slot for a new socket from {@code address}; on refusal, the limit that refused it. */
    public sealed interface Admission permits Admitted, Refused {}

    public record Admitted(Lease lease) implements Admission {}

    public record Refused(LimitKind limit) implements Admission {}

    public Admission tryOpen(String address) {
        if (total.incrementAndGet() > limits.maxConnections()) {
            total.decrementAndGet();
            return new Refused(LimitKind.MAX_CONNECTIONS);
        }
        boolean[] admitted = {false};
        openByAddress.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < limits.connectionsPerAddress()) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return new Refused(LimitKind.CONNECTIONS_PER_ADDRESS);
        }
        return new Admitted(new Lease(address));
    }

    /** Takes one room creation from the address's budget; false when it is spent. */
    public boolean tryCreateRoom(String address) {
        double now = clock.nowMillis();
        return roomsByAddress.computeIfAbsent(address, a ->
                new TokenBucket(limits.roomsPerAddressPerMin() / 60.0, limits.roomBurstPerAddress(), now))
                .tryTake(1, now);
    }

    public int openConnections() {
        return total.get();
    }

    /** Drops room budgets that have refilled: those addresses are back to a clean slate. */
    public void forgetIdle() {
        double now = clock.nowMillis();
        roomsByAddress.values().removeIf(bucket -> bucket.isFull(now));
    }
}
