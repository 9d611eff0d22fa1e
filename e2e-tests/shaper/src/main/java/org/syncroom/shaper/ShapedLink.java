package org.syncroom.shaper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * A layer-2 forwarder between two interfaces of the shaper's namespace, one per direction: the
 * end whose veth peer is in an edge namespace and the end whose peer is in the hub. Every frame
 * (ARP, IPv4, anything) read from one end goes through that direction's {@link ShapedDirection}
 * and out of the other. Two reading threads, two sending threads; each direction is shaped, cut
 * and mended on its own, at any time.
 */
public final class ShapedLink implements AutoCloseable {
    private static final long READ_ERROR_PAUSE_MS = 50;

    private final String name;
    private final PacketSocket edgeEnd;
    private final PacketSocket hubEnd;
    private final ShapedDirection up;
    private final ShapedDirection down;
    private final Thread upReader;
    private final Thread downReader;
    private volatile boolean running = true;

    private ShapedLink(String name, PacketSocket edgeEnd, PacketSocket hubEnd, LinkProfile upProfile,
            LinkProfile downProfile, long seed) {
        this.name = name;
        this.edgeEnd = edgeEnd;
        this.hubEnd = hubEnd;
        this.up = new ShapedDirection(name + " up", upProfile, seed, hubEnd);
        this.down = new ShapedDirection(name + " down", downProfile, seed ^ 0x5DEECE66DL, edgeEnd);
        this.upReader = reader(edgeEnd, up);
        this.downReader = reader(hubEnd, down);
    }

    /**
     * Starts forwarding between {@code edgeEndInterface} and {@code hubEndInterface}, both in
     * {@code shaperNamespace} (up and promiscuous). {@code seed} fixes the loss and jitter draws.
     */
    public static ShapedLink open(String name, NetNamespace shaperNamespace, String edgeEndInterface,
            String hubEndInterface, LinkProfile up, LinkProfile down, long seed) {
        PacketSocket edgeEnd = shaperNamespace.call(() -> PacketSocket.open(edgeEndInterface));
        PacketSocket hubEnd;
        try {
            hubEnd = shaperNamespace.call(() -> PacketSocket.open(hubEndInterface));
        } catch (RuntimeException e) {
            edgeEnd.close();
            throw e;
        }
        return new ShapedLink(name, edgeEnd, hubEnd, up, down, seed);
    }

    public String name() {
        return name;
    }

    public ShapedDirection direction(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    public void shape(Direction direction, LinkProfile profile) {
        direction(direction).shape(profile);
    }

    /** Shapes both directions alike. */
    public void shape(LinkProfile profile) {
        up.shape(profile);
        down.shape(profile);
    }

    /** Cuts both directions, as if the cable were pulled: nothing passes, nothing held arrives later. */
    public void cut() {
        up.setCut(true);
        down.setCut(true);
    }

    /** Mends both directions: shaped again as before the cut. */
    public void mend() {
        up.setCut(false);
        down.setCut(false);
    }

    public LinkStats stats() {
        return new LinkStats(up.stats(), down.stats());
    }

    private Thread reader(PacketSocket from, ShapedDirection direction) {
        Thread thread = new Thread(() -> readLoop(from, direction), "shaper-read-" + direction.name());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void readLoop(PacketSocket from, ShapedDirection direction) {
        Memory buffer = new Memory(PacketSocket.RECEIVE_BUFFER_BYTES);
        boolean errorLogged = false;
        while (running) {
            int length;
            try {
                length = from.receive(buffer);
            } catch (LastErrorException e) {
                if (!running) {
                    return;
                }
                if (!errorLogged) {
                    errorLogged = true;
                    System.err.println("shaper " + direction.name() + ": reading " + from.interfaceName() + " failed (errno "
                            + e.getErrorCode() + (e.getErrorCode() == LibC.ENETDOWN ? ", the link is down" : "")
                            + "); retrying every " + READ_ERROR_PAUSE_MS + " ms, later failures not logged");
                }
                sleep(READ_ERROR_PAUSE_MS);
                continue;
            }
            if (length > 0) {
                long arrivalNanos = System.nanoTime();
                direction.accept(buffer.getByteArray(0, length), arrivalNanos);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops forwarding (within the 200 ms a read waits) and closes both sockets. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        join(upReader);
        join(downReader);
        up.stop();
        down.stop();
        edgeEnd.close();
        hubEnd.close();
    }

    private static void join(Thread thread) {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
