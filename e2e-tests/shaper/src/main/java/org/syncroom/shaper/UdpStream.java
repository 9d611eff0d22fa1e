package org.syncroom.shaper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A measuring stream of UDP datagrams from one namespace to an address in another, both ends in
 * this JVM, so one clock ({@code System.nanoTime()}) times both: each datagram carries its
 * sequence number; the receiver notes when each arrives and in what order. What {@link ShaperCheck}
 * and the shaper's tests measure links with.
 */
public final class UdpStream implements AutoCloseable {
    /** The bytes a datagram adds on the wire beyond its payload: UDP 8 + IPv4 20 + Ethernet 14. */
    public static final int FRAME_OVERHEAD_BYTES = 42;

    /** The gap between datagrams of {@code payloadBytes} that offers {@code bitsPerSec} on the wire. */
    public static long intervalNanosFor(int payloadBytes, double bitsPerSec) {
        return Math.round((payloadBytes + FRAME_OVERHEAD_BYTES) * 8 / bitsPerSec * 1e9);
    }
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    private final DatagramChannel sender;
    private final DatagramChannel receiver;
    private final InetSocketAddress target;
    private final Thread receiving;
    private long[] sentNanos = new long[0];
    private volatile long[] arrivedNanos = new long[0];
    private final List<Integer> arrivalOrder = new ArrayList<>();
    private int payloadBytes;

    private UdpStream(DatagramChannel sender, DatagramChannel receiver, InetSocketAddress target) {
        this.sender = sender;
        this.receiver = receiver;
        this.target = target;
        this.receiving = new Thread(this::receiveLoop, "udp-stream-receive-" + target);
        this.receiving.setDaemon(true);
    }

    /** Opens the receiving socket at {@code toAddress:port} in {@code to} and a sending one in {@code from}. */
    public static UdpStream open(NetNamespace from, NetNamespace to, String toAddress, int port) {
        InetSocketAddress target = new InetSocketAddress(toAddress, port);
        DatagramChannel receiver = to.call(() -> {
            DatagramChannel channel = DatagramChannel.open();
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            return channel.bind(target);
        });
        DatagramChannel sender = from.call(DatagramChannel::open);
        return new UdpStream(sender, receiver, target);
    }

    /**
     * Sends {@code count} datagrams of {@code payloadBytes} (at least 8), one every
     * {@code intervalNanos} on average (a late wake-up sends the ones due at once), and returns when
     * the last is sent. Call once; then {@link #result} after the link's delay.
     */
    public void send(int count, int payloadBytes, long intervalNanos) {
        if (payloadBytes < 8) {
            throw new IllegalArgumentException("a datagram carries an 8-byte sequence number, got " + payloadBytes + " bytes");
        }
        this.payloadBytes = payloadBytes;
        long[] sent = new long[count];
        long[] arrived = new long[count];
        Arrays.fill(arrived, -1);
        synchronized (arrivalOrder) {
            arrivedNanos = arrived;
        }
        sentNanos = sent;
        receiving.start();
        ByteBuffer datagram = ByteBuffer.allocateDirect(payloadBytes);
        long startNanos = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long dueNanos = startNanos + i * intervalNanos;
                long waitNanos;
                while ((waitNanos = dueNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(waitNanos);
                }
                datagram.clear();
                datagram.putLong(0, i);
                sent[i] = System.nanoTime();
                sender.send(datagram, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("udp stream to " + target + ": send failed", e);
        }
    }

    private void receiveLoop() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(65_536);
        try {
            while (true) {
                datagram.clear();
                receiver.receive(datagram);
                long now = System.nanoTime();
                if (datagram.position() < 8) {
                    continue;
                }
                long sequence = datagram.getLong(0);
                synchronized (arrivalOrder) {
                    long[] arrived = arrivedNanos;
                    if (sequence >= 0 && sequence < arrived.length && arrived[(int) sequence] < 0) {
                        arrived[(int) sequence] = now;
                        arrivalOrder.add((int) sequence);
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed by close(): done
        } catch (IOException e) {
            System.err.println("udp stream to " + target + ": receiving failed: " + e);
        }
    }

    /** What has arrived so far, per datagram sent. */
    public StreamResult result() {
        synchronized (arrivalOrder) {
            int[] rank = new int[sentNanos.length];
            Arrays.fill(rank, -1);
            for (int i = 0; i < arrivalOrder.size(); i++) {
                rank[arrivalOrder.get(i)] = i;
            }
            List<StreamResult.Datagram> datagrams = new ArrayList<>(sentNanos.length);
            for (int i = 0; i < sentNanos.length; i++) {
                datagrams.add(new StreamResult.Datagram(i, sentNanos[i], arrivedNanos[i], rank[i]));
            }
            return new StreamResult(datagrams, payloadBytes + FRAME_OVERHEAD_BYTES);
        }
    }

    @Override
    public void close() {
        try {
            receiver.close();
            sender.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
