package org.syncroom.signaling.limits;

/**
 * Every bound the server enforces, with the defaults {@link #defaults()} names. Rates are per
 * socket unless the name says per address.
 *
 * @param messagesPerSec     non-probe messages a socket may send per second (burst {@code messageBurst})
 * @param probesPerSec       clock probes ({@code time-request}) per second (burst {@code probeBurst})
 * @param inboundBytesPerSec text a socket may send per second (burst {@code inboundByteBurst})
 * @param overLimitStrikes   messages dropped for a rate before the socket is closed (one back per second)
 * @param malformedStrikes   refused malformed messages before the socket is closed (one back per 10 s)
 * @param connectionsPerAddress open sockets from one IP address
 * @param maxConnections     open sockets in total
 * @param roomsPerAddressPerMin rooms one IP address may create per minute (burst {@code roomBurstPerAddress})
 * @param maxRooms           rooms the server holds at once
 * @param idleTimeoutSec     a socket with no traffic either way for this long is closed
 * @param maxQueuedBytes     text waiting to be written to one socket before it counts as a slow reader
 * @param maxQueuedFrames    frames waiting to be written to one socket (Jetty's own bound)
 */
public record Limits(
        double messagesPerSec, int messageBurst,
        double probesPerSec, int probeBurst,
        int inboundBytesPerSec, int inboundByteBurst,
        int overLimitStrikes, int malformedStrikes,
        int connectionsPerAddress, int maxConnections,
        double roomsPerAddressPerMin, int roomBurstPerAddress, int maxRooms,
        int idleTimeoutSec, int maxQueuedBytes, int maxQueuedFrames) {

    public static Limits defaults() {
        return new Limits(
                100, 300,
                20, 20,
                256 * 1024, 1024 * 1024,
                100, 10,
                100, 10_000,
                10, 20, 2_000,
                120, 256 * 1024, 1024);
    }

    public Limits withConnectionsPerAddress(int value) {
        return new Limits(messagesPerSec, messageBurst, probesPerSec, probeBurst, inboundBytesPerSec,
                inboundByteBurst, overLimitStrikes, malformedStrikes, value, maxConnections, roomsPerAddressPerMin,
                roomBurstPerAddress, maxRooms, idleTimeoutSec, maxQueuedBytes, maxQueuedFrames);
    }

    public Limits withMaxRooms(int value) {
        return new Limits(messagesPerSec, messageBurst, probesPerSec, probeBurst, inboundBytesPerSec,
                inboundByteBurst, overLimitStrikes, malformedStrikes, connectionsPerAddress, maxConnections,
                roomsPerAddressPerMin, roomBurstPerAddress, value, idleTimeoutSec, maxQueuedBytes, maxQueuedFrames);
    }

    /** Raises or lowers the message rate; the burst stays three seconds' worth. */
    public Limits withMessagesPerSec(double value) {
        return new Limits(value, (int) Math.max(1, value * 3), probesPerSec, probeBurst, inboundBytesPerSec,
                inboundByteBurst, overLimitStrikes, malformedStrikes, connectionsPerAddress, maxConnections,
                roomsPerAddressPerMin, roomBurstPerAddress, maxRooms, idleTimeoutSec, maxQueuedBytes, maxQueuedFrames);
    }

    /** Raises or lowers the inbound byte rate; the burst stays four seconds' worth. */
    public Limits withInboundBytesPerSec(int value) {
        return new Limits(messagesPerSec, messageBurst, probesPerSec, probeBurst, value,
                value * 4, overLimitStrikes, malformedStrikes, connectionsPerAddress, maxConnections,
                roomsPerAddressPerMin, roomBurstPerAddress, maxRooms, idleTimeoutSec, maxQueuedBytes, maxQueuedFrames);
    }
}
