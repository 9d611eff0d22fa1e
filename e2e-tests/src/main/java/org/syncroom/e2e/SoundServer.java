package org.syncroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A private PulseAudio daemon for the browsers of a test (Debian's pulseaudio 16): no default
 * script, its socket and configuration in a directory of its own (48 kHz, float samples by
 * default, so browsers are not resampled), gone with {@link #close()}. Firefox's AudioContext
 * never starts without a sound server.
 *
 * <p>{@link #startCapturing} makes it the tests' ground truth of what every page really sends to
 * its output: one null sink of {@code channels} channels ({@code aux0…}), a mono remap sink per
 * page on a channel of its own ({@link #sinkForPage}), and one {@code parec} recording the null
 * sink's monitor, every channel sample-aligned with the others ({@link #stopRecording}).
 */
public final class SoundServer implements AutoCloseable {
    public static final int SAMPLE_RATE = 48_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String CAPTURE_SINK = "capture";

    private final Process process;
    private final Path dir;
    private final Path socket;
    private final Path log;
    private final int channels;
    private final Map<String, Integer> channelOfPage = new LinkedHashMap<>();
    private Process recorder;
    private Path recording;

    private SoundServer(Process process, Path dir, int channels) {
        this.process = process;
        this.dir = dir;
        this.socket = dir.resolve("native");
        this.log = dir.resolve("pulseaudio.log");
        this.channels = channels;
    }

    /** Starts a daemon with one null sink, for browsers that only need somewhere to play. */
    public static SoundServer start() {
        return launch(0, "module-null-sink sink_name=pages rate=" + SAMPLE_RATE);
    }

    /** Starts a daemon whose null sink has a channel for each of up to {@code channels} pages, and records it. */
    public static SoundServer startCapturing(int channels) {
        String map = IntStream.range(0, channels).mapToObj(c -> "aux" + c).collect(Collectors.joining(","));
        SoundServer server = launch(channels, "module-null-sink sink_name=" + CAPTURE_SINK + " channels=" + channels
                + " channel_map=" + map + " rate=" + SAMPLE_RATE + " format=float32le");
        try {
            server.startRecording(map);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static SoundServer launch(int channels, String sinkModule) {
        try {
            Path dir = Files.createTempDirectory("syncroom-pulse");
            Path config = dir.resolve("daemon.conf");
            Files.writeString(config, "default-sample-rate = " + SAMPLE_RATE + "\ndefault-sample-format = float32le\n");
            ProcessBuilder builder = new ProcessBuilder(List.of("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                    "--use-pid-file=no", "--log-target=stderr",
                    "-L", "module-native-protocol-unix socket=" + dir.resolve("native") + " auth-anonymous=1",
                    "-L", sinkModule))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pulseaudio.log").toFile());
            builder.environment().put("PULSE_CONFIG", config.toString());
            SoundServer server = new SoundServer(builder.start(), dir, channels);
            server.awaitSocket();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pulseaudio (./run-tests installs it)", e);
        }
    }

    /** What a browser process needs in its environment to play here (into the default sink). */
    public Map<String, String> clientEnv() {
        return Map.of("PULSE_SERVER", "unix:" + socket);
    }

    /** As {@link #clientEnv()}, playing into {@code sink}. */
    public Map<String, String> clientEnv(String sink) {
        return Map.of("PULSE_SERVER", "unix:" + socket, "PULSE_SINK", sink);
    }

    /** The sink page {@code name} plays into: a mono remap onto the next free channel of the capture. */
    public synchronized String sinkForPage(String name) {
        Integer known = channelOfPage.get(name);
        int channel = known != null ? known : channelOfPage.size();
        String sink = "page-" + channel;
        if (known != null) {
            return sink;
        }
        if (channel >= channels) {
            throw new IllegalStateException("the capture has " + channels + " channels, all taken: " + channelOfPage.keySet());
        }
        pactl("load-module", "module-remap-sink", "sink_name=" + sink, "master=" + CAPTURE_SINK, "channels=1",
                "channel_map=mono", "master_channel_map=aux" + channel);
        channelOfPage.put(name, channel);
        return sink;
    }

    /** Ends the recording; what every page played, on one sample clock. */
    public synchronized CapturedSound stopRecording() {
        if (recorder == null) {
            throw new IllegalStateException("this sound server does not record");
        }
        ChildProcesses.stop(recorder, STOP_GRACE);
        recorder = null;
        try {
            return CapturedSound.read(recording, channels, SAMPLE_RATE, channelOfPage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + recording, e);
        }
    }

    private void startRecording(String channelMap) {
        recording = dir.resolve("capture.f32");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("parec", "-d", CAPTURE_SINK + ".monitor", "--raw",
                    "--format=float32le", "--rate=" + SAMPLE_RATE, "--channels=" + channels, "--channel-map=" + channelMap,
                    "--latency-msec=20"))
                    .redirectOutput(recording.toFile()).redirectError(dir.resolve("parec.log").toFile());
            builder.environment().putAll(clientEnv());
            recorder = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start parec (pulseaudio-utils)", e);
        }
    }

    private void pactl(String... args) {
        List<String> command = new ArrayList<>(List.of("pactl"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(clientEnv());
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pactl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pactl", e);
        }
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
    public synchronized void close() {
        if (recorder != null) {
            ChildProcesses.stop(recorder, STOP_GRACE);
        }
        ChildProcesses.stop(process, STOP_GRACE);
    }
}
