package org.syncroom.e2e.kafka;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink session cluster for ./run-kafka-test, in its own JVM: a JobManager with its REST
 * endpoint on 127.0.0.1 and one TaskManager with two slots (Flink's MiniCluster, from the Maven
 * artifacts). Its classpath holds Flink only: the job, its Kafka connector and client come in
 * the submitted together-job jar, as on a real cluster. Args: the REST port. Runs until killed.
 */
public final class FlinkTestCluster {
    private FlinkTestCluster() {}

    public static void main(String[] args) throws Exception {
        Configuration config = Configuration.fromMap(Map.ofEntries(
                Map.entry("rest.bind-address", "127.0.0.1"),
                Map.entry("rest.address", "127.0.0.1"),
                Map.entry("rest.port", args[0]),
                Map.entry("rest.bind-port", args[0]),
                Map.entry("jobmanager.bind-host", "127.0.0.1"),
                Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                Map.entry("taskmanager.bind-host", "127.0.0.1"),
                Map.entry("taskmanager.host", "127.0.0.1"),
                Map.entry("taskmanager.memory.network.min", "16mb"),
                Map.entry("taskmanager.memory.network.max", "16mb"),
                Map.entry("taskmanager.memory.managed.size", "16mb")));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        System.out.println("flink-test-cluster up: REST " + cluster.getRestAddress().get());
        Thread.currentThread().join();
    }
}
