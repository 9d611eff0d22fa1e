package org.syncroom.e2e.nat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.syncroom.e2e.ChildProcesses;

/**
 * coturn for a test, started from the project's own {@code turn-config/start-coturn} (so the
 * configuration users run is the one tested), listening on an address of this JVM's network
 * namespace, relaying only between the addresses of {@code allowedPeers} (a test network's range,
 * which the configuration otherwise refuses as private). Its log is kept to count what it did;
 * it stops with {@link #close()}.
 */
public final class Coturn implements AutoCloseable {
    public static final Path START_SCRIPT = Path.of(System.getProperty("syncroom.turnConfig", "../turn-config"), "start-coturn");
    public static final int PORT = 3478;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** What it logs for every relay it grants. */
    private static final String ALLOCATED = "ALLOCATE processed, success";

    private final Process process;
    private final String listenIp;
    private final List<String> log = new ArrayList<>();

    private Coturn(Process process, String listenIp) {
        this.process = process;
        this.listenIp = listenIp;
    }

    /**
     * Starts coturn with {@code secret} (the signalling server's {@code --turn-secret}) on
     * {@code listenIp}, and waits until it listens.
     * @param allowedPeers FROM-TO, passed as {@code --test-allow-peer}
     */
    public static Coturn start(String listenIp, String secret, String allowedPeers) {
        if (!Files.isExecutable(START_SCRIPT)) {
            throw new IllegalStateException(START_SCRIPT.toAbsolutePath() + " not found or not executable");
        }
        Process process;
        try {
            // coturn writes its log through stdio, fully buffered into a pipe: line-buffered, it is read as it happens.
            process = new ProcessBuilder(List.of("stdbuf", "-oL", START_SCRIPT.toString(), "--secret", secret,
                    "--listen-ip", listenIp, "--port", String.valueOf(PORT), "--verbose", "--test-allow-peer", allowedPeers))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + START_SCRIPT + " (./run-tests installs coturn)", e);
        }
        Coturn coturn = new Coturn(process, listenIp);
        coturn.readLog();
        try {
            coturn.awaitListening();
        } catch (IOException | RuntimeException e) {
            coturn.close();
            throw new IllegalStateException("coturn on " + listenIp + ":" + PORT + " did not answer: " + e
                    + "; it logged:\n" + String.join("\n", coturn.log()), e);
        }
        return coturn;
    }

    /** The TURN URL of a coturn listening on {@code listenIp} (the server's {@code --turn-url}). */
    public static String urlFor(String listenIp) {
        return "turn:" + listenIp + ":" + PORT + "?transport=udp";
    }

    /** Relays granted so far. */
    public synchronized int allocations() {
        return (int) log.stream().filter(l -> l.contains(ALLOCATED)).count();
    }

    /** Everything coturn logged so far. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    private void readLog() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (this) {
                        log.add(line);
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    log.add("(log unreadable: " + e + ")");
                }
            }
        }, "coturn-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until coturn answers a STUN binding request (RFC 5389 §6) on its port. */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        byte[] request = new byte[20];
        ByteBuffer.wrap(request).putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(transaction);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(100);
            InetSocketAddress to = new InetSocketAddress(listenIp, PORT);
            byte[] answer = new byte[1500];
            while (true) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("coturn did not answer STUN on " + listenIp + ":" + PORT + " within "
                            + START_TIMEOUT.toSeconds() + " s; it logged:\n" + String.join("\n", log()));
                }
                socket.send(new DatagramPacket(request, request.length, to));
                try {
                    DatagramPacket packet = new DatagramPacket(answer, answer.length);
                    socket.receive(packet);
                    if (packet.getLength() >= 20 && answer[0] == 0x01 && answer[1] == 0x01) {
                        return; // a binding success response
                    }
                } catch (SocketTimeoutException e) {
                    // not listening yet: ask again
                }
            }
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
    }
}
