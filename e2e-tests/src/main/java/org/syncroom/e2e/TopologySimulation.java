package org.syncroom.e2e;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.syncroom.signaling.topology.RelayTree;
import org.syncroom.signaling.topology.ReportResult;
import org.syncroom.signaling.topology.ReportVerdict;
import org.syncroom.signaling.topology.TreeChanges;
import org.syncroom.signaling.topology.TreeLimits;

/**
 * Drives the server's real relay-tree module ({@link RelayTree}) with no network: N joins (a share
 * of them unable to relay), then churn: departures (orderly leaves and silent failures, each
 * followed by a new join) and starving reports from random children about their parents.
 * Times each module call with {@link System#nanoTime()}; measures depth and re-parent counts.
 */
public final class TopologySimulation {
    /** Share of churn events that are orderly leaves, silent failures; the rest are starving reports. */
    static final double LEAVE_SHARE = 0.4;
    static final double FAILURE_SHARE = 0.3;
    /** Server time between two simulated events; long enough that the rate limits rarely bite. */
    static final double EVENT_SPACING_MS = 250;

    public record Config(int listeners, double churn, double nonRelayShare, int fanout, int hostFanout,
                         long seed, boolean checkInvariantsAfterEveryOperation) {
        public Config {
            if (listeners < 1 || churn < 0 || nonRelayShare < 0 || nonRelayShare > 1) {
                throw new IllegalArgumentException("listeners >= 1, churn >= 0, 0 <= nonRelayShare <= 1");
            }
        }
    }

    public record Result(
            int listenersJoinedFirst, int listenersAtEnd, int nonRelaysAtEnd, int fanout, int hostFanout,
            int churnEvents, int leaves, int failures, int starvingReports, int joinsDuringChurn,
            Map<ReportVerdict, Integer> starvingVerdicts, int demotions, int waitingAtEnd,
            double depthP50, int depthMax, int maxDepthDuringChurn,
            int ceilLogFanoutBound, int balancedDepth,
            Distribution reparentsPerDeparture, Distribution reparentsPerRelayDeparture,
            Distribution reparentsPerStarvingReport,
            Distribution joinMicros, Distribution departureMicros, Distribution reportMicros) {}

    private final Config config;
    private final Random random;
    private final RelayTree tree;
    /** Ids of listeners in the tree, for uniform random picks (swap-remove). */
    private final List<String> present = new ArrayList<>();
    private double nowMs;
    private int nextId;
    private int demotions;

    private final Samples joinMicros;
    private final Samples departureMicros;
    private final Samples reportMicros;
    private final Samples reparentsPerDeparture;
    /** Only departures of listeners that had children at the time. */
    private final Samples reparentsPerRelayDeparture;
    private final Samples reparentsPerReport;

    public TopologySimulation(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
        int churnEvents = (int) Math.round(config.churn() * config.listeners());
        this.tree = new RelayTree("host", new TreeLimits(config.hostFanout(), config.fanout(),
                config.listeners() + churnEvents));
        this.joinMicros = new Samples(config.listeners() + churnEvents);
        this.departureMicros = new Samples(churnEvents);
        this.reportMicros = new Samples(churnEvents);
        this.reparentsPerDeparture = new Samples(churnEvents);
        this.reparentsPerRelayDeparture = new Samples(churnEvents);
        this.reparentsPerReport = new Samples(churnEvents);
    }

    public RelayTree tree() {
        return tree;
    }

    public Result run() {
        for (int i = 0; i < config.listeners(); i++) {
            join();
        }
        int churnEvents = (int) Math.round(config.churn() * config.listeners());
        int leaves = 0;
        int failures = 0;
        int reports = 0;
        int churnJoins = 0;
        int maxDepthDuringChurn = tree.maxDepth();
        Map<ReportVerdict, Integer> verdicts = new EnumMap<>(ReportVerdict.class);
        for (int event = 0; event < churnEvents; event++) {
            nowMs += EVENT_SPACING_MS;
            double kind = random.nextDouble();
            if (kind < LEAVE_SHARE + FAILURE_SHARE) {
                boolean orderly = kind < LEAVE_SHARE;
                depart(orderly);
                if (orderly) {
                    leaves++;
                } else {
                    failures++;
                }
                join();
                churnJoins++;
            } else {
                verdicts.merge(reportStarving(), 1, Integer::sum);
                reports++;
            }
            maxDepthDuringChurn = Math.max(maxDepthDuringChurn, tree.maxDepth());
        }
        tree.checkInvariants();
        return result(churnEvents, leaves, failures, reports, churnJoins, verdicts, maxDepthDuringChurn);
    }

    private void join() {
        String id = "l" + nextId++;
        boolean relay = random.nextDouble() >= config.nonRelayShare();
        long start = System.nanoTime();
        tree.join(id, relay, nowMs);
        joinMicros.add((System.nanoTime() - start) / 1_000.0);
        present.add(id);
        afterOperation();
    }

    private void depart(boolean orderly) {
        String id = takeRandomPresent();
        boolean hadChildren = !tree.childrenOf(id).isEmpty();
        long start = System.nanoTime();
        TreeChanges changes = orderly ? tree.leave(id, nowMs) : tree.fail(id, nowMs);
        departureMicros.add((System.nanoTime() - start) / 1_000.0);
        reparentsPerDeparture.add(changes.reparentCount());
        if (hadChildren) {
            reparentsPerRelayDeparture.add(changes.reparentCount());
        }
        afterOperation();
    }

    private ReportVerdict reportStarving() {
        String child = present.get(random.nextInt(present.size()));
        String parent = tree.parentOf(child).orElse(tree.hostId());
        long start = System.nanoTime();
        ReportResult result = tree.reportStarving(child, parent, nowMs);
        reportMicros.add((System.nanoTime() - start) / 1_000.0);
        reparentsPerReport.add(result.changes().reparentCount());
        demotions += result.changes().demotions().size();
        afterOperation();
        return result.verdict();
    }

    private String takeRandomPresent() {
        int index = random.nextInt(present.size());
        String id = present.get(index);
        present.set(index, present.get(present.size() - 1));
        present.remove(present.size() - 1);
        return id;
    }

    private void afterOperation() {
        if (config.checkInvariantsAfterEveryOperation()) {
            tree.checkInvariants();
        }
    }

    private Result result(int churnEvents, int leaves, int failures, int reports, int churnJoins,
                          Map<ReportVerdict, Integer> verdicts, int maxDepthDuringChurn) {
        double[] depths = new double[present.size()];
        int attached = 0;
        int nonRelays = 0;
        for (String id : present) {
            var depth = tree.depthOf(id);
            if (depth.isPresent()) {
                depths[attached++] = depth.getAsInt();
            }
            if (!tree.isRelay(id)) {
                nonRelays++;
            }
        }
        Distribution depth = Distribution.of(depths, attached);
        int n = tree.size();
        return new Result(config.listeners(), n, nonRelays, config.fanout(), config.hostFanout(),
                churnEvents, leaves, failures, reports, churnJoins, verdicts, demotions, tree.waitingCount(),
                depth.p50(), tree.maxDepth(), maxDepthDuringChurn,
                ceilLog(config.fanout(), n), tree.limits().balancedDepth(n),
                reparentsPerDeparture.distribution(), reparentsPerRelayDeparture.distribution(),
                reparentsPerReport.distribution(),
                joinMicros.distribution(), departureMicros.distribution(), reportMicros.distribution());
    }

    /** The smallest d with fanout^d >= n: the depth the bound is stated against. */
    public static int ceilLog(int fanout, int n) {
        if (fanout < 2) {
            return n;
        }
        int depth = 0;
        for (long capacity = 1; capacity < n; capacity *= fanout) {
            depth++;
        }
        return depth;
    }

    /** A fixed-capacity sample of doubles. */
    private static final class Samples {
        private final double[] values;
        private int count;

        Samples(int capacity) {
            values = new double[capacity];
        }

        void add(double value) {
            values[count++] = value;
        }

        Distribution distribution() {
            return Distribution.of(values, count);
        }
    }
}
