package org.syncroom.e2e.globe;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A room of the server under test probing its clock, run as a process of its own
 * ({@link ClockProbeClient}, a plain JVM at normal priority, on this JVM's class path), so its
 * round trips measure the server and not this process's generator, collector or client threads.
 * Collects the probes and the child's own collector pauses from its output.
 */
final class ClockProbe {
    static final long INTERVAL_MS = ClockProbeClient.INTERVAL_MS;
    static final double SLOW_MS = 5.0;
    /** The child's options: a small heap and the serial collector (it allocates a few strings a probe). */
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms32m", "-Xmx32m", "-XX:+UseSerialGC");

    /**
     * Every probe since the last {@link #take}: {received at (epoch ms), round trip (ms), time
     * between the server's t1 and t2 (ms): its handler, not the sockets or the threads' waits}.
     */
    private final List<double[]> samples = new ArrayList<>();
    private final List<GcPauses.Pause> childPauses = new ArrayList<>();
    private Process child;
    private Thread reader;

    void start(String wsUrl) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.addAll(CHILD_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClockProbeClient.class.getName(), wsUrl));
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        reader = new Thread(this::read, "bench-probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.split(" ");
                if (f[0].equals("probe")) {
                    double[] sample = {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
                    synchronized (samples) {
                        samples.add(sample);
                    }
                } else if (f[0].equals("gc")) {
                    synchronized (childPauses) {
                        childPauses.add(new GcPauses.Pause(Long.parseLong(f[1]), Long.parseLong(f[2]), "probe client"));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("globe benchmark: the clock probe's output stopped: " + e);
        }
    }

    /** The probes so far; clears them (warm-up apart from the hold). */
    List<double[]> take() {
        synchronized (samples) {
            List<double[]> copy = new ArrayList<>(samples);
            samples.clear();
            return copy;
        }
    }

    /** The probe process's own collector pauses that ended at or after {@code fromEpochMs}. */
    List<GcPauses.Pause> childPausesSince(long fromEpochMs) {
        synchronized (childPauses) {
            return childPauses.stream().filter(p -> p.endEpochMs() >= fromEpochMs).toList();
        }
    }

    boolean alive() {
        return child.isAlive();
    }

    static List<Double> rtts(List<double[]> samples) {
        return samples.stream().map(s -> s[1]).toList();
    }

    /** Closes the child's standard input (its signal to stop) and waits for it. */
    void stop() throws IOException, InterruptedException {
        child.getOutputStream().close();
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
            System.err.println("globe benchmark: the clock probe did not stop within 5 s; killing it");
            child.destroyForcibly();
        }
        reader.join(1_000);
    }
}
