package org.syncroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A private PulseAudio daemon for the browsers of a test (Debian's pulseaudio 16): no default
 * script, one null sink, its socket in a directory of its own, gone with {@link #close()}.
 * Firefox's AudioContext never starts without a sound server; a browser started with
 * {@link #clientEnv()} plays into this one.
 */
public final class SoundServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path socket;
    private final Path log;

    private SoundServer(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Starts the daemon and waits until its socket takes clients. */
    public static SoundServer start() {
        try {
            Path dir = Files.createTempDirectory("syncroom-pulse");
            Path socket = dir.resolve("native");
            Path log = dir.resolve("pulseaudio.log");
            Process process = new ProcessBuilder(List.of("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                    "--use-pid-file=no", "--log-target=stderr",
                    "-L", "module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
                    "-L", "module-null-sink sink_name=pages rate=48000"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SoundServer server = new SoundServer(process, socket, log);
            server.awaitSocket();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pulseaudio (./run-tests installs it)", e);
        }
    }

    /** What a browser process needs in its environment to play here. */
    public Map<String, String> clientEnv() {
        return Map.of("PULSE_SERVER", "unix:" + socket);
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("pulseaudio did not open " + socket + " within " + START_TIMEOUT.toSeconds()
                        + " s (exit " + (process.isAlive() ? "none" : process.exitValue()) + "): " + Files.readString(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pulseaudio started", e);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
