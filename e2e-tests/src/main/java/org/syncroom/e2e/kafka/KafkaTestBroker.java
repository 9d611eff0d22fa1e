package org.syncroom.e2e.kafka;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka broker (combined broker and controller, kafka_2.13 from Maven Central) in a
 * child JVM on loopback, for ./run-kafka-test: formatted once, then started, killed and started
 * again on the same ports and log directory, as a broker restart on a real host would be.
 */
final class KafkaTestBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path work;
    private final Path properties;
    private final String classpath;
    final int port;
    private Process process;
    private int starts;

    private KafkaTestBroker(Path work, Path properties, String classpath, int port) {
        this.work = work;
        this.properties = properties;
        this.classpath = classpath;
        this.port = port;
    }

    /** Formats a KRaft log directory under {@code work} and starts the broker; returns once it listens. */
    static KafkaTestBroker start(Path work, int brokerPort, int controllerPort, String classpath) throws Exception {
        Path props = work.resolve("kraft.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + work.resolve("kraft-logs"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1", ""));
        Process format = child(work.resolve("kraft-format.log"), List.of("java", "-cp", classpath,
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", props.toString()));
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the KRaft log directory failed: see " + work);
        }
        KafkaTestBroker broker = new KafkaTestBroker(work, props, classpath, brokerPort);
        broker.startAgain();
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker process (again) on the same ports and log directory; returns once it listens. */
    void startAgain() throws Exception {
        starts++;
        process = child(work.resolve(starts == 1 ? "kafka.log" : "kafka-" + starts + ".log"),
                List.of("java", "-Xmx512m", "-cp", classpath, "kafka.Kafka", properties.toString()));
        awaitPort(port, START_TIMEOUT);
    }

    /** Kills the broker process at once (SIGKILL: no controlled shutdown) and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Process child(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long until = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < until) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout.toSeconds() + " s");
    }
}
