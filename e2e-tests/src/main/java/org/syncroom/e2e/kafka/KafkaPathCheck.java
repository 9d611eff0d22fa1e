package org.syncroom.e2e.kafka;

import com.google.inject.Guice;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.syncroom.e2e.globe.CityAddressPool;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.GlobeSnapshot;
import org.syncroom.signaling.together.GlobeStatus;
import org.syncroom.signaling.together.TogetherConfig;
import org.syncroom.signaling.together.job.KafkaTopics;
import org.syncroom.signaling.together.job.SessionCodec;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TrackSession;

/**
 * ./run-kafka-test: the Kafka path end to end. Starts a KRaft Kafka broker (kafka_2.13 from
 * Maven Central, formatted and run in a child JVM) and a Flink cluster (a child JVM with Flink
 * only, {@link FlinkTestCluster}), submits the together-job jar to the cluster over REST, starts
 * the real server with {@code --plays-kafka}, offers plays of one track from Sydney and Tokyo
 * through the server's play entry point, and checks that a session with both cities reaches the
 * sessions topic and the server's {@code /api/together/latest}. Prints the figures; exits 1 on
 * failure. Args: the together-job jar, a work directory.
 */
public final class KafkaPathCheck {
    private static final File DB = new File(TogetherConfig.BUNDLED_GEOIP_DB);
    private static final String TRACK = "Kafka Artist - Over The Wire (4:00)";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private KafkaPathCheck() {}

    public static void main(String[] args) throws Exception {
        Path jobJar = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        String classpath = System.getProperty("java.class.path");
        List<Process> children = new ArrayList<>();
        int status = 1;
        long t0 = System.nanoTime();
        try (KafkaTestBroker broker = KafkaTestBroker.start(work, freePort(), freePort(), classpath)) {
            String bootstrap = broker.bootstrap();
            System.out.printf("[kafka] broker up at %s after %.1f s%n", bootstrap, secondsSince(t0));

            int restPort = freePort();
            String flinkOnly = Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(p -> !p.contains("sync-room-signaling") && !p.contains("sync-room-web")
                            && !p.contains("kafka") && !p.contains("maxmind"))
                    .collect(Collectors.joining(File.pathSeparator));
            children.add(KafkaTestBroker.child(work.resolve("flink.log"), List.of("java", "-Xmx512m", "-cp", flinkOnly,
                    FlinkTestCluster.class.getName(), String.valueOf(restPort))));
            KafkaTestBroker.awaitPort(restPort, WAIT);
            System.out.printf("[kafka] Flink cluster REST at 127.0.0.1:%d after %.1f s%n", restPort, secondsSince(t0));

            // The server first: it creates both topics, so the job finds them.
            ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                    .withTogether(TogetherConfig.off().with("--plays-kafka", bootstrap));
            try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                    .getInstance(SignalingServer.class).start()) {
                submit(jobJar, restPort, bootstrap);
                System.out.printf("[kafka] job submitted after %.1f s%n", secondsSince(t0));
                boolean path = feedAndCheck(server, bootstrap);
                boolean restart = path && new BrokerRestartCheck(server, broker, CityAddressPool.firstIn(DB,
                        List.of("Sydney/AU", "Tokyo/JP"))).run();
                status = path && restart ? 0 : 1;
            }
        } finally {
            for (Process p : children) {
                p.destroy();
            }
            for (Process p : children) {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        System.out.println(status == 0 ? "[kafka] PASS" : "[kafka] FAIL (logs in " + work + ")");
        System.exit(status);
    }

    private static boolean feedAndCheck(SignalingServer server, String bootstrap) throws Exception {
        Map<String, String> addresses = CityAddressPool.firstIn(DB, List.of("Sydney/AU", "Tokyo/JP"));
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (server.globe().status() != GlobeStatus.LIVE && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-path-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long firstPlayMs = System.currentTimeMillis();
        long plays = 0;
        Long onTopicMs = null;
        Long onServerMs = null;
        try (KafkaConsumer<byte[], byte[]> sessions = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            sessions.subscribe(List.of(KafkaTopics.SESSIONS));
            long nextPlayMs = 0;
            while (System.currentTimeMillis() < deadline && (onTopicMs == null || onServerMs == null)) {
                long now = System.currentTimeMillis();
                if (now >= nextPlayMs) {
                    server.globe().play(now, TRACK, addresses.get("Sydney/AU"), "room-over-kafka");
                    server.globe().play(now, TRACK, addresses.get("Tokyo/JP"), "room-over-kafka");
                    plays += 2;
                    nextPlayMs = now + 100;
                }
                for (ConsumerRecord<byte[], byte[]> record : sessions.poll(Duration.ofMillis(50))) {
                    SessionWindow window = SessionCodec.decode(record.value());
                    for (TrackSession session : window.sessions) {
                        if (onTopicMs == null && TRACK.equals(session.trackKey) && session.cities.length == 2) {
                            onTopicMs = System.currentTimeMillis();
                            System.out.println("[kafka] on " + KafkaTopics.SESSIONS + ": " + session.trackKey + " in "
                                    + Arrays.toString(session.cities));
                        }
                    }
                }
                GlobeSnapshot latest = server.globe().latest().snapshot();
                if (onServerMs == null && latest.sessions().stream().anyMatch(s -> s.track().equals(TRACK)
                        && s.cities().stream().map(GlobeSnapshot.CityView::name).toList()
                                .containsAll(List.of("Sydney", "Tokyo")))) {
                    onServerMs = System.currentTimeMillis();
                }
            }
        }
        System.out.printf("[kafka] %d plays offered (%d accepted by the producer); first session on the topic"
                        + " %s, on the server's /api/together/latest %s after the first play%n", plays,
                server.globe().counters().accepted(), since(onTopicMs, firstPlayMs), since(onServerMs, firstPlayMs));
        return onTopicMs != null && onServerMs != null;
    }

    private static String since(Long at, long from) {
        return at == null ? "never" : String.format("%.1f s", (at - from) / 1000.0);
    }

    private static void submit(Path jobJar, int restPort, String bootstrap) throws Exception {
        Configuration config = new Configuration();
        config.setString("rest.address", "127.0.0.1");
        config.setString("rest.port", String.valueOf(restPort));
        PackagedProgram program = PackagedProgram.newBuilder().setJarFile(jobJar.toFile())
                .setArguments("--kafka", bootstrap, "--geoip-db", DB.getAbsolutePath(),
                        "--geoip-db-ipv6", new File(TogetherConfig.BUNDLED_GEOIP_IPV6_DB).getAbsolutePath()).build();
        JobGraph graph = PackagedProgramUtils.createJobGraph(program, config, 1, false);
        try (RestClusterClient<StandaloneClusterId> client =
                     new RestClusterClient<>(config, StandaloneClusterId.getInstance())) {
            client.submitJob(graph).get();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
