package org.syncroom.e2e.globe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time (and bytes allocated) of this JVM's threads, so the job's share can be told from the
 * benchmark's own.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Thread id to (name, CPU ns) now. */
    static Map<Long, Object[]> snapshot() {
        return snapshot(THREADS::getThreadCpuTime);
    }

    /** Thread id to (name, bytes allocated so far) now: who feeds the collector. */
    static Map<Long, Object[]> allocationSnapshot() {
        return snapshot(((com.sun.management.ThreadMXBean) THREADS)::getThreadAllocatedBytes);
    }

    /** Thread id to (name, {@code measure} of the thread) for every live thread it answers for. */
    private static Map<Long, Object[]> snapshot(java.util.function.LongUnaryOperator measure) {
        Map<Long, Object[]> result = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long value = measure.applyAsLong(info.getThreadId());
                if (value >= 0) {
                    result.put(info.getThreadId(), new Object[] {info.getThreadName(), value});
                }
            }
        }
        return result;
    }

    /** CPU ns spent between two snapshots by threads whose name passes {@code counted}. */
    static long between(Map<Long, Object[]> before, Map<Long, Object[]> after, Predicate<String> counted) {
        long total = 0;
        for (Map.Entry<Long, Object[]> e : after.entrySet()) {
            String name = (String) e.getValue()[0];
            if (!counted.test(name)) {
                continue;
            }
            Object[] earlier = before.get(e.getKey());
            total += (long) e.getValue()[1] - (earlier == null ? 0 : (long) earlier[1]);
        }
        return total;
    }

    /** The busiest threads between two snapshots: name (ids merged by name) to cores over {@code seconds}. */
    static Map<String, Double> busiest(Map<Long, Object[]> before, Map<Long, Object[]> after, double seconds, int limit) {
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<Long, Object[]> e : after.entrySet()) {
            Object[] earlier = before.get(e.getKey());
            long ns = (long) e.getValue()[1] - (earlier == null ? 0 : (long) earlier[1]);
            byName.merge(((String) e.getValue()[0]).replaceAll("[0-9a-f]{8,}", "*"), ns, Long::sum);
        }
        Map<String, Double> result = new java.util.LinkedHashMap<>();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> result.put(e.getKey(), Math.round(e.getValue() / 1e9 / seconds * 100) / 100.0));
        return result;
    }

    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
