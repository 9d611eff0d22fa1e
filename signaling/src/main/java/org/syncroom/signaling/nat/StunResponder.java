package org.syncroom.signaling.nat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.limits.TokenBucket;

/**
 * Answers STUN binding requests on one UDP port ({@code --stun-port}) so that browsers behind a
 * NAT learn their public address from this server. One thread of its own reads the socket, so a
 * flood or garbage on it never reaches the signalling threads; at most {@link #ANSWERS_PER_SEC}
 * datagrams a second are looked at (the rest are dropped unread beyond a counter), and the
 * kernel drops whatever overflows {@link #RECEIVE_BUFFER_BYTES}. Each kind of bad datagram is
 * logged once, with its sender and cause, then only counted ({@link #counts()}).
 */
public final class StunResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StunResponder.class);
    /**
     * Datagrams handled a second, all senders together. A page gathering candidates sends one
     * binding request per connection (plus retransmits): 500 listeners joining at once stay far below.
     */
    public static final double ANSWERS_PER_SEC = 2000;
    public static final double ANSWER_BURST = 500;
    /** Largest datagram read whole; STUN requests from browsers are ~100 bytes. */
    static final int MAX_DATAGRAM_BYTES = 1500;
    static final int RECEIVE_BUFFER_BYTES = 64 * 1024;

    /** What became of a datagram; the label in {@code syncroom_stun_datagrams_total}. */
    public enum Outcome {
        ANSWERED("answered"), IGNORED("ignored"), MALFORMED("malformed"), OVER_LIMIT("over_limit");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String host;
    private final int port;
    private final TokenBucket budget;
    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final Map<Outcome, AtomicBoolean> logged = new EnumMap<>(Outcome.class);
    private DatagramSocket socket;
    private Thread reader;

    public StunResponder(String host, int port) {
        this.host = host;
        this.port = port;
        this.budget = new TokenBucket(ANSWERS_PER_SEC, ANSWER_BURST, nowMs());
        for (Outcome o : Outcome.values()) {
            counts.put(o, new LongAdder());
            logged.put(o, new AtomicBoolean());
        }
    }

    /** Binds the port and starts answering. */
    public StunResponder start() throws SocketException {
        socket = new DatagramSocket(null);
        socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        socket.bind(new InetSocketAddress(host, port));
        reader = new Thread(this::readLoop, "stun-responder");
        reader.setDaemon(true);
        reader.start();
        log.info("answering STUN binding requests on udp {}:{}", host, localPort());
        return this;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** Datagrams so far, by outcome. */
    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }

    private void readLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM_BYTES];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                handle(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.error("STUN socket failed; no more STUN answers on port {}", localPort(), e);
                    socket.close();
                }
            } catch (RuntimeException e) {
                count(Outcome.MALFORMED, packet.getSocketAddress(), e);
            }
        }
    }

    private void handle(DatagramPacket packet) throws IOException {
        InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
        if (!budget.tryTake(1, nowMs())) {
            count(Outcome.OVER_LIMIT, from, null);
            return;
        }
        byte[] answer;
        try {
            answer = StunAnswers.answer(packet.getData(), packet.getLength(), from);
        } catch (StunAnswers.NotStunException e) {
            count(Outcome.MALFORMED, from, e);
            return;
        }
        if (answer == null) {
            count(Outcome.IGNORED, from, null);
            return;
        }
        socket.send(new DatagramPacket(answer, answer.length, from));
        counts.get(Outcome.ANSWERED).increment();
    }

    private void count(Outcome outcome, java.net.SocketAddress from, Throwable cause) {
        counts.get(outcome).increment();
        if (logged.get(outcome).compareAndSet(false, true)) {
            String what = switch (outcome) {
                case MALFORMED -> "dropped a datagram that is not STUN";
                case OVER_LIMIT -> "STUN datagrams beyond " + (int) ANSWERS_PER_SEC + "/s are dropped unread";
                case IGNORED -> "ignored a STUN message that is no binding request";
                case ANSWERED -> "answered";
            };
            log.warn("{} (from {}; logged once, then counted in syncroom_stun_datagrams_total, outcome {}){}",
                    what, from, outcome.label(), cause == null ? "" : ": " + cause.getMessage());
        }
    }

    private static double nowMs() {
        return System.nanoTime() / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        if (socket != null) {
            socket.close();
            reader.join(2000);
        }
    }
}
