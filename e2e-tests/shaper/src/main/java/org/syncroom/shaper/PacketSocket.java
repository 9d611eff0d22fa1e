package org.syncroom.shaper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * An AF_PACKET raw socket bound to one interface (packet(7)): whole Ethernet frames in and out,
 * every protocol (ARP, IPv4, IPv6). It must be opened on a thread inside the interface's network
 * namespace ({@link NetNamespace#call}); it stays bound there whatever thread uses it later.
 * One thread may {@link #receive} while another {@link #send}s.
 */
final class PacketSocket implements AutoCloseable {
    /** Frames are at most 1,514 bytes with offloads off; larger ones are read whole and counted. */
    static final int RECEIVE_BUFFER_BYTES = 65_536;
    /** Kernel buffers: about a second of 6 Mbit/s, so a stalled thread loses nothing. */
    private static final int KERNEL_BUFFER_BYTES = 4 << 20;
    /** How often a blocked {@link #receive} returns to look at whether the link is closing. */
    private static final int RECEIVE_TIMEOUT_MS = 200;

    private final String interfaceName;
    private final int fd;
    private volatile boolean closed;

    private PacketSocket(String interfaceName, int fd) {
        this.interfaceName = interfaceName;
        this.fd = fd;
    }

    /** Opens and binds a socket to {@code interfaceName} in the calling thread's network namespace. */
    static PacketSocket open(String interfaceName) {
        int fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW, LibC.ETH_P_ALL_NETWORK_ORDER);
        try {
            int ifIndex = LibC.if_nametoindex(interfaceName);
            setInt(fd, LibC.SOL_PACKET, LibC.PACKET_IGNORE_OUTGOING, 1);
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, KERNEL_BUFFER_BYTES);
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUFFORCE, KERNEL_BUFFER_BYTES);
            Memory timeout = new Memory(16); // struct timeval { long tv_sec; long tv_usec; }
            timeout.setLong(0, 0);
            timeout.setLong(8, RECEIVE_TIMEOUT_MS * 1_000L);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, 16);
            Memory address = new Memory(20); // struct sockaddr_ll
            address.clear();
            address.setShort(0, (short) LibC.AF_PACKET);
            address.setShort(2, (short) LibC.ETH_P_ALL_NETWORK_ORDER); // little-endian store: bytes 00 03
            address.setInt(4, ifIndex);
            LibC.bind(fd, address, 20);
            return new PacketSocket(interfaceName, fd);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new IllegalStateException("packet socket on " + interfaceName + ": errno " + e.getErrorCode(), e);
        }
    }

    private static void setInt(int fd, int level, int name, int value) {
        Memory memory = new Memory(4);
        memory.setInt(0, value);
        LibC.setsockopt(fd, level, name, memory, 4);
    }

    String interfaceName() {
        return interfaceName;
    }

    /**
     * Waits up to {@value #RECEIVE_TIMEOUT_MS} ms for one frame into {@code buffer} (at least
     * {@link #RECEIVE_BUFFER_BYTES}); returns its length, or 0 if none came.
     *
     * @throws LastErrorException for an error other than a timeout or an interrupted call
     *     (ENETDOWN while an end of the veth pair is down, for example)
     */
    int receive(Memory buffer) {
        try {
            return (int) LibC.recv(fd, buffer, buffer.size(), 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                return 0;
            }
            throw e;
        }
    }

    /** Sends one frame of {@code length} bytes from {@code buffer}. */
    void send(Memory buffer, int length) {
        LibC.send(fd, buffer, length, 0);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
