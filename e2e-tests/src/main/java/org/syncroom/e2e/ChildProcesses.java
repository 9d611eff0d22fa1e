package org.syncroom.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the helper processes a test starts (sound server, recorder, coturn). */
public final class ChildProcesses {
    private ChildProcesses() {}

    /**
     * Asks {@code process} to end (SIGTERM), and kills it if it has not within {@code grace}; an
     * interrupted wait kills it at once and keeps the interrupt.
     */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
