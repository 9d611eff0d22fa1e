package org.syncroom.e2e.globe;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The collector's pauses in this JVM as they happen (the JDK's GC notifications), so the
 * benchmark can tell whether a slow clock probe overlapped one. Stop-the-world collections
 * only: G1's concurrent cycle runs beside the application and is left out.
 */
final class GcPauses {
    /** A pause: when it ended (epoch ms, this JVM's clock) and how long it took. */
    record Pause(long endEpochMs, long durationMs, String cause) {}

    private final List<Pause> pauses = new ArrayList<>();
    private final long jvmStartEpochMs = ManagementFactory.getRuntimeMXBean().getStartTime();

    void start() {
        start(pause -> { });
    }

    /** Starts recording; {@code onPause} also hears of each pause as it ends. */
    void start(java.util.function.Consumer<Pause> onPause) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (info.getGcName().contains("Concurrent") || info.getGcAction().contains("concurrent")) {
                    return;
                }
                Pause pause = new Pause(jvmStartEpochMs + info.getGcInfo().getEndTime(),
                        info.getGcInfo().getDuration(), info.getGcName() + ": " + info.getGcCause());
                synchronized (pauses) {
                    pauses.add(pause);
                }
                onPause.accept(pause);
            }, null, null);
        }
    }

    /** Pauses that ended at or after {@code fromEpochMs}. */
    List<Pause> since(long fromEpochMs) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.endEpochMs() >= fromEpochMs).toList();
        }
    }

    /** Whether a pause overlapped [fromEpochMs, toEpochMs] (1 ms of slack for the clocks' steps). */
    static boolean overlaps(List<Pause> pauses, long fromEpochMs, long toEpochMs) {
        for (Pause p : pauses) {
            long start = p.endEpochMs() - p.durationMs();
            if (start <= toEpochMs + 1 && p.endEpochMs() >= fromEpochMs - 1) {
                return true;
            }
        }
        return false;
    }

    static List<Pause> copy(List<Pause> pauses) {
        return new ArrayList<>(pauses);
    }
}
