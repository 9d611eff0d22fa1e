package org.syncroom.e2e.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The load and fault test against a running server (started by ./run-load-test in a
 * loopback-only network namespace). Usage:
 * {@code LoadTest <baseUrl> <serverPid> [sockets=2000] [seconds=60] [out.json]}.
 * Sets up well-behaved rooms, then for {@code seconds} runs their clock probes and host
 * commands while slow readers, flooders, sprayers and churners do their worst; then checks
 * that every broadcast reached every well-behaved member and that the server still answers.
 * Exits 1 when a figure misses the bound the issue sets.
 */
public final class LoadTest {
    static final double HEAP_BOUND_MIB = 256;
    static final double RTT_P99_BOUND_MS = 20;
    private static final long PROBE_PERIOD_MS = 2_000;
    private static final long PROBE_GAP_MS = 15;
    private static final long COMMAND_PERIOD_MS = 2_000;
    private static final long PUSH_PERIOD_MS = 100;
    private static final int SOCKETS_PER_ADDRESS = 80;
    /** After the hold, how long broadcasts may take to arrive before a missing one counts as lost. */
    private static final long DRAIN_LIMIT_MS = 20_000;
    /**
     * LOAD_WARMUP_SEC (default 40): the same load runs this long before the hold is measured, so
     * the figures show the server warm (its JIT compiler alone took most of a core for the first
     * 30-40 s here). The warm-up's own round trips are reported apart, and broadcasts lost or
     * sockets closed during it count against the bounds like any others.
     */
    private static final int WARM_UP_SEC = Integer.parseInt(System.getenv().getOrDefault("LOAD_WARMUP_SEC", "40"));
    /** LOAD_ATTACKERS=off runs the well-behaved rooms alone, to tell the attackers' cost from the base load. */
    private static final boolean ATTACKERS = !"off".equals(System.getenv("LOAD_ATTACKERS"));

    private final URI base;
    private final long serverPid;
    private final LoadPlan plan;
    private final int seconds;
    private final ConcurrentLinkedQueue<Double> rttMs = new ConcurrentLinkedQueue<>();
    /** (seconds since the hold began, round trip ms), for the per-window figures. */
    private final ConcurrentLinkedQueue<double[]> timedRttMs = new ConcurrentLinkedQueue<>();
    private volatile long holdStartNs;
    private final List<WellBehavedRoom> rooms = new ArrayList<>();
    private final List<SlowReaderAttack> attacks = new ArrayList<>();

    private LoadTest(URI base, long serverPid, LoadPlan plan, int seconds) {
        this.base = base;
        this.serverPid = serverPid;
        this.plan = plan;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadTest <baseUrl> <serverPid> [sockets=2000] [seconds=60] [out.json]");
            System.exit(2);
        }
        int sockets = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path out = Path.of(args.length > 4 ? args[4] : "e2e-tests/target/load-test.json");
        if (sockets < 60 || seconds < 5) {
            System.err.println("load-test: at least 60 sockets and 5 seconds");
            System.exit(2);
        }
        Map<String, Object> report;
        try {
            report = new LoadTest(URI.create(args[0]), Long.parseLong(args[1]), LoadPlan.of(sockets), seconds).run();
        } catch (Exception | Error e) {
            System.err.println("load-test: the run itself failed, no figures");
            e.printStackTrace();
            System.exit(3);
            return;
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        System.out.println("written: " + out.toAbsolutePath());
        @SuppressWarnings("unchecked")
        boolean pass = ((Map<String, Boolean>) report.get("pass")).values().stream().allMatch(b -> b);
        System.exit(pass ? 0 : 1);
    }

    private static String address(int block, int index) {
        return "127.0." + block + "." + (1 + index);
    }

    Map<String, Object> run() throws Exception {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws");
        try (Clients clients = new Clients(ws); ServerWatch watch = new ServerWatch(base, serverPid)) {
            watch.start();
            long setupStart = System.nanoTime();
            setUp(clients);
            double setupSec = (System.nanoTime() - setupStart) / 1e9;
            say("set up %d rooms, %d well-behaved members, %d slow-reader rooms in %.1f s", rooms.size(),
                    rooms.stream().mapToInt(r -> r.members().size()).sum(), attacks.size(), setupSec);

            Map<WellBehavedRoom, Long> versionAtStart = new LinkedHashMap<>();
            rooms.forEach(r -> versionAtStart.put(r, r.host.playbackVersions.stream().max(Long::compare).orElse(0L)));
            long deadlineNs = System.nanoTime() + (WARM_UP_SEC + seconds) * 1_000_000_000L;
            Nuisances nuisances = new Nuisances(clients, deadlineNs);
            CpuAtHoldStart cpuAtHoldStart = new CpuAtHoldStart(watch);
            hold(clients, nuisances, deadlineNs, cpuAtHoldStart);
            double serverCpuBefore = cpuAtHoldStart.server;
            double ownCpuBefore = cpuAtHoldStart.own;
            double serverCpuPercent = (watch.cpuSeconds() - serverCpuBefore) * 100 / seconds;
            double ownCpuPercent = (ServerWatch.ownCpuSeconds() - ownCpuBefore) * 100 / seconds;
            double drainSec = drain();

            long commands = rooms.stream().mapToLong(r -> r.commandsSent.get()).sum();
            long lost = rooms.stream().mapToLong(WellBehavedRoom::broadcastsLost).sum();
            long unanswered = rooms.stream().mapToLong(r -> r.hostCommandsUnanswered(versionAtStart.get(r))).sum();
            long delivered = rooms.stream().mapToLong(r -> (long) r.listeners.size() * r.commandsSent.get()).sum();
            long wellBehavedClosed = rooms.stream().flatMap(r -> r.members().stream())
                    .filter(m -> m.closeCode != null).count();
            List<String> errorsSeen = rooms.stream().flatMap(r -> r.members().stream())
                    .flatMap(m -> m.errorCodes.stream()).distinct().sorted().toList();
            Map<String, Object> afterwards = answeredAfterwards(clients);
            Map<String, Double> metrics = watch.scrape();

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("timestamp", Instant.now().toString());
            report.put("plan", plan);
            report.put("warmUpSec", WARM_UP_SEC);
            report.put("holdSec", seconds);
            report.put("setupSec", Percentiles.round(setupSec));
            report.put("drainSec", Percentiles.round(drainSec));
            report.put("peakServerSockets", watch.peakSockets());
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("peakHeapUsedMiB", Percentiles.round(watch.peakHeapUsedMiB()));
            server.put("peakHeapAfterGcMiB", Percentiles.round(watch.peakHeapAfterGcMiB()));
            server.put("maxHeapMiB", Percentiles.round(ServerWatch.sum(metrics, "jvm_memory_max_bytes", "area=\"heap\"")
                    / 1024 / 1024));
            server.put("peakRssMiB", Percentiles.round(watch.peakRssMiB()));
            server.put("cpuPercentDuringHold", Percentiles.round(serverCpuPercent));
            server.put("loadGeneratorCpuPercent", Percentiles.round(ownCpuPercent));
            server.put("failedScrapes", watch.failedScrapes());
            report.put("server", server);
            report.put("probeRttMs", Percentiles.of(roundTrips(false)));
            report.put("probeRttMsDuringWarmUp", Percentiles.of(roundTrips(true)));
            report.put("probeRttMsBy10s", byWindow());
            Map<String, Object> broadcasts = new LinkedHashMap<>();
            broadcasts.put("hostCommands", commands);
            broadcasts.put("toWellBehavedListeners", delivered);
            broadcasts.put("lost", lost);
            broadcasts.put("hostCommandsUnanswered", unanswered);
            report.put("broadcasts", broadcasts);
            report.put("wellBehavedClosed", wellBehavedClosed);
            report.put("errorsSeenByWellBehaved", errorsSeen);
            report.put("closesByReason", labelled(metrics, "syncroom_closes_total", "reason"));
            report.put("rejectedByLimit", labelled(metrics, "syncroom_rejected_total", "limit"));
            report.put("malformedByCode", labelled(metrics, "syncroom_malformed_total", "code"));
            Map<String, Object> attack = new LinkedHashMap<>();
            attack.put("slowReadersOpened", attacks.stream().mapToInt(a -> a.slowReadersOpened.get()).sum());
            attack.put("slowReadersClosedByServer", attacks.stream().mapToInt(a -> a.slowReadersReplaced.get()).sum());
            attack.put("nuisanceConnections", nuisances.connections.get());
            attack.put("nuisanceFrames", nuisances.framesSent.get());
            attack.put("serverOutgoingQueuePeakBytes", metrics.getOrDefault("syncroom_outgoing_queue_peak_bytes", 0.0));
            report.put("attack", attack);
            report.put("answeredAfterwards", afterwards);
            Map<String, Boolean> pass = new LinkedHashMap<>();
            pass.put("heapUnder256MiB", watch.peakHeapUsedMiB() > 0 && watch.peakHeapUsedMiB() < HEAP_BOUND_MIB);
            @SuppressWarnings("unchecked")
            Object p99 = ((Map<String, Object>) report.get("probeRttMs")).get("p99");
            pass.put("probeRttP99Under20ms", p99 instanceof Double d && d < RTT_P99_BOUND_MS);
            pass.put("zeroBroadcastsLost", lost == 0 && unanswered == 0 && commands > 0);
            pass.put("noWellBehavedClosed", wellBehavedClosed == 0);
            pass.put("answersANewRoomAfterwards", Boolean.TRUE.equals(afterwards.get("roomCreated")));
            report.put("pass", pass);
            for (WellBehavedRoom room : rooms) {
                room.members().forEach(m -> m.wire.abort());
            }
            attacks.forEach(SlowReaderAttack::closeAll);
            return report;
        }
    }

    private void setUp(Clients clients) throws Exception {
        int roomCount = plan.rooms();
        int perRoom = plan.wellBehaved() / roomCount;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<WellBehavedRoom>> made = new ArrayList<>();
            for (int i = 0; i < roomCount; i++) {
                int index = i;
                made.add(pool.submit(() -> room(clients, index, perRoom)));
            }
            for (Future<WellBehavedRoom> f : made) {
                rooms.add(f.get(60, TimeUnit.SECONDS));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < plan.attackRooms(); i++) {
                SlowReaderAttack attack = new SlowReaderAttack(clients, rooms.get(i).invite, address(3, i % 8));
                attack.joinPusher(address(2, 0));
                attacks.add(attack);
                for (int k = 0; k < plan.slowReadersPerRoom(); k++) {
                    readers.add(pool.submit(() -> {
                        attack.openSlowReader();
                        return null;
                    }));
                }
            }
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    private WellBehavedRoom room(Clients clients, int index, int size) throws Exception {
        WellBehavedRoom room = new WellBehavedRoom(index, rttMs);
        int socket = index * size;
        clients.connect(room.host.wire, address(1, socket / SOCKETS_PER_ADDRESS), 0);
        room.create();
        for (int k = 1; k < size; k++) {
            Member listener = new Member("room" + index + "-listener" + k, rttMs);
            clients.connect(listener.wire, address(1, (socket + k) / SOCKETS_PER_ADDRESS), 0);
            room.join(listener);
        }
        return room;
    }

    /** Round trips of the measured hold, or of the warm-up before it. */
    private List<Double> roundTrips(boolean warmUp) {
        List<Double> out = new ArrayList<>();
        for (double[] sample : timedRttMs) {
            if ((sample[0] < WARM_UP_SEC) == warmUp) {
                out.add(sample[1]);
            }
        }
        return out;
    }

    /** Server and load-generator CPU seconds when the measured hold begins, after the warm-up. */
    private static final class CpuAtHoldStart {
        private final ServerWatch watch;
        volatile double server;
        volatile double own;

        CpuAtHoldStart(ServerWatch watch) {
            this.watch = watch;
            take();
        }

        void take() {
            server = watch.cpuSeconds();
            own = ServerWatch.ownCpuSeconds();
        }
    }

    private void hold(Clients clients, Nuisances nuisances, long deadlineNs, CpuAtHoldStart cpuAtHoldStart)
            throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        ExecutorService bad = Executors.newCachedThreadPool();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        holdStartNs = System.nanoTime();
        try {
            for (WellBehavedRoom room : rooms) {
                for (Member member : room.members()) {
                    member.onRtt = rtt -> timedRttMs.add(new double[] {(System.nanoTime() - holdStartNs) / 1e9, rtt});
                    timers.scheduleAtFixedRate(() -> burst(timers, member), random.nextLong(PROBE_PERIOD_MS),
                            PROBE_PERIOD_MS, TimeUnit.MILLISECONDS);
                }
                timers.scheduleAtFixedRate(room::command, random.nextLong(COMMAND_PERIOD_MS), COMMAND_PERIOD_MS,
                        TimeUnit.MILLISECONDS);
            }
            if (!ATTACKERS) {
                say("LOAD_ATTACKERS=off: well-behaved rooms only");
            }
            for (SlowReaderAttack attack : ATTACKERS ? attacks : List.<SlowReaderAttack>of()) {
                timers.scheduleAtFixedRate(attack::push, random.nextLong(PUSH_PERIOD_MS), PUSH_PERIOD_MS,
                        TimeUnit.MILLISECONDS);
                timers.scheduleAtFixedRate(() -> bad.execute(() -> replenish(attack)), 250, 250, TimeUnit.MILLISECONDS);
            }
            for (int i = 0; ATTACKERS && i < plan.flooders(); i++) {
                bad.execute(() -> nuisances.flood(address(4, 0)));
            }
            for (int i = 0; ATTACKERS && i < plan.sprayers(); i++) {
                bad.execute(() -> nuisances.spray(address(5, 0)));
            }
            for (int i = 0; ATTACKERS && i < plan.churners(); i++) {
                bad.execute(() -> nuisances.churn(address(6, 0),
                        () -> rooms.get(ThreadLocalRandom.current().nextInt(rooms.size())).invite));
            }
            long reportEveryNs = 10_000_000_000L;
            long nextReport = System.nanoTime() + reportEveryNs;
            long measuredFromNs = holdStartNs + WARM_UP_SEC * 1_000_000_000L;
            boolean measuring = WARM_UP_SEC == 0;
            if (!measuring) {
                say("warming up for %d s under the same load (not in the figures)", WARM_UP_SEC);
            }
            while (System.nanoTime() < deadlineNs) {
                Thread.sleep(200);
                if (!measuring && System.nanoTime() >= measuredFromNs) {
                    measuring = true;
                    cpuAtHoldStart.take();
                    say("warm-up over: measuring for %d s", seconds);
                }
                if (System.nanoTime() >= nextReport) {
                    nextReport += reportEveryNs;
                    say("holding: %d probes answered, %d nuisance connections so far", rttMs.size(),
                            nuisances.connections.get());
                }
            }
        } finally {
            timers.shutdownNow();
            timers.awaitTermination(5, TimeUnit.SECONDS);
            bad.shutdown();
            bad.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits (up to {@link #DRAIN_LIMIT_MS}) until every broadcast of the hold has reached every
     * well-behaved member, so a late delivery is told from a lost one; returns how long it took.
     */
    private double drain() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + DRAIN_LIMIT_MS * 1_000_000L;
        Thread.sleep(500);
        while (System.nanoTime() < deadline
                && rooms.stream().anyMatch(r -> r.broadcastsLost() > 0 || r.host.playbackVersions.size() < 2
                        + r.commandsSent.get())) {
            Thread.sleep(250);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Round-trip percentiles for each 10 s from the start of the warm-up (negative {@code fromSec}
     * are warm-up), to tell warm-up and hiccups from the steady state.
     */
    private List<Map<String, Object>> byWindow() {
        List<List<Double>> windows = new ArrayList<>();
        for (double[] sample : timedRttMs) {
            int w = (int) (sample[0] / 10);
            while (windows.size() <= w) {
                windows.add(new ArrayList<>());
            }
            windows.get(w).add(sample[1]);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("fromSec", w * 10 - WARM_UP_SEC);
            window.putAll(Percentiles.of(windows.get(w)));
            out.add(window);
        }
        return out;
    }

    private void burst(ScheduledExecutorService timers, Member member) {
        for (long i = 0; i < Member.probeBurst(); i++) {
            timers.schedule(member::probe, i * PROBE_GAP_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void replenish(SlowReaderAttack attack) {
        int missing = attack.missing(plan.slowReadersPerRoom());
        for (int i = 0; i < missing; i++) {
            try {
                attack.openSlowReader();
            } catch (Exception e) {
                return;
            }
        }
    }

    private Map<String, Object> answeredAfterwards(Clients clients) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        ConcurrentLinkedQueue<Double> rtt = new ConcurrentLinkedQueue<>();
        Member fresh = new Member("afterwards", rtt);
        long start = System.nanoTime();
        try {
            clients.connect(fresh.wire, address(7, 0), 0);
            fresh.welcome.get(5, TimeUnit.SECONDS);
            fresh.wire.send("{\"type\":\"create-room\",\"hostKey\":\"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK\"}");
            fresh.roomCreated.get(5, TimeUnit.SECONDS);
            out.put("roomCreated", true);
            out.put("connectToRoomCreatedMs", Percentiles.round((System.nanoTime() - start) / 1e6));
            fresh.probe();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (rtt.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            out.put("probeRttMs", rtt.isEmpty() ? null : Percentiles.round(rtt.peek()));
        } catch (Exception e) {
            out.put("roomCreated", false);
            out.put("failure", e.toString());
        } finally {
            fresh.wire.abort();
        }
        return out;
    }

    private static Map<String, Double> labelled(Map<String, Double> metrics, String name, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (key.startsWith(name + "{")) {
                String v = key.replaceAll(".*" + label + "=\"([^\"]*)\".*", "$1");
                out.merge(v, value, Double::sum);
            }
        });
        return out;
    }

    private static void say(String format, Object... args) {
        System.out.printf("  .. " + format + "%n", args);
    }
}
