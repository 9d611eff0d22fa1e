package org.syncroom.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaper through real namespaces: a hub and two edges (see {@link ShapedNetwork}), UDP streams
 * timed by this JVM's clock at both ends. Counts are chosen so the bounds sit several standard
 * errors wide (the draws are seeded; what varies is the machine's scheduling).
 */
class ShapedLinkTest {
    private static final long MS = 1_000_000;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(5_000);

    private static ShapedNetwork network;
    private static Edge first;
    private static Edge second;

    @BeforeAll
    static void startNetwork() {
        NeedsRootAndTools.assume();
        network = ShapedNetwork.withNewHub(42);
        first = network.addEdge("edge-1");
        second = network.addEdge("edge-2");
    }

    @AfterAll
    static void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    @BeforeEach
    void unshapeAndMend() {
        for (Edge edge : network.edges()) {
            edge.link().shape(LinkProfile.UNSHAPED);
            edge.link().mend();
        }
    }

    private static UdpStream up(Edge edge) {
        return UdpStream.open(edge.namespace(), network.hub(), edge.hubAddress(), NEXT_PORT.getAndIncrement());
    }

    private static UdpStream down(Edge edge) {
        return UdpStream.open(network.hub(), edge.namespace(), edge.address(), NEXT_PORT.getAndIncrement());
    }

    private static StreamResult sendAndWait(UdpStream stream, int count, int payloadBytes, long intervalNanos, long drainMs)
            throws InterruptedException {
        stream.send(count, payloadBytes, intervalNanos);
        Thread.sleep(drainMs);
        return stream.result();
    }

    @Test
    void aFreshLinkCarriesArpAndIpv4BothWays() throws Exception {
        try (ShapedNetwork own = ShapedNetwork.withNewHub(1)) {
            Edge edge = own.addEdge("fresh");
            StreamResult upward;
            StreamResult downward;
            try (UdpStream stream = UdpStream.open(edge.namespace(), own.hub(), edge.hubAddress(), 4_000)) {
                upward = sendAndWait(stream, 50, 100, MS, 100);
            }
            try (UdpStream stream = UdpStream.open(own.hub(), edge.namespace(), edge.address(), 4_001)) {
                downward = sendAndWait(stream, 50, 100, MS, 100);
            }
            assertThat(upward.received()).isEqualTo(50);
            assertThat(downward.received()).isEqualTo(50);
            // Each side learnt the other's MAC address through the link (ARP is forwarded too).
            assertThat(own.hub().run("ip", "neigh", "show", edge.address())).contains("lladdr");
            assertThat(edge.namespace().run("ip", "neigh", "show", edge.hubAddress())).contains("lladdr");
            assertThat(edge.link().stats().up().framesOversize()).isZero();
        }
    }

    @Test
    void delayOf40PlusMinus15MsGivesThatMeanAndSpreadAndReordersFrames() throws Exception {
        first.link().shape(Direction.UP, LinkProfile.parse("delay=40ms jitter=15ms"));
        StreamResult result;
        try (UdpStream stream = up(first)) {
            result = sendAndWait(stream, 3_000, 100, MS, 200);
        }
        assertThat(result.received()).isEqualTo(3_000);
        assertThat(result.meanDelayMs()).isCloseTo(40, within(1.6)); // 4%; standard error 0.27 ms
        assertThat(result.stddevDelayMs()).isCloseTo(15, within(1.5));
        assertThat(result.delayQuantileMs(0.5)).isCloseTo(40, within(2.0));
        // One datagram a millisecond against a spread of 15 ms: most arrive after a later one.
        assertThat(result.reorderedFraction()).isGreaterThan(0.3);
    }

    @Test
    void lossOf3PercentDropsWithinOnePointOfIt() throws Exception {
        first.link().shape(Direction.UP, LinkProfile.parse("loss=3%"));
        DirectionStats before = first.link().stats().up();
        StreamResult result;
        try (UdpStream stream = up(first)) {
            result = sendAndWait(stream, 8_000, 100, MS / 2, 100);
        }
        DirectionStats after = first.link().stats().up();
        assertThat(result.lossFraction()).isCloseTo(0.03, within(0.01)); // ±1 point; the standard error is 0.19
        // Lost in the shaper, not elsewhere (a few may go to a receive buffer if the machine stalls).
        assertThat((double) (after.droppedLoss() - before.droppedLoss())).as("dropped by the shaper's loss draw")
                .isCloseTo(result.sent() - result.received(), within(8.0));
    }

    @Test
    void rateCapOf6MbitDeliversSixMbitAndTailDropsBeyondItsQueue() throws Exception {
        first.link().shape(Direction.DOWN, LinkProfile.parse("rate=6mbit"));
        // 1,042-byte frames offered at 9 Mbit/s for 2 s.
        long intervalNanos = UdpStream.intervalNanosFor(1000, 9e6);
        StreamResult result;
        try (UdpStream stream = down(first)) {
            result = sendAndWait(stream, 2_160, 1000, intervalNanos, 200);
        }
        DirectionStats stats = first.link().stats().down();
        assertThat(result.receiveRateBitsPerSec()).isCloseTo(6e6, within(6e6 * 0.03));
        assertThat(result.lossFraction()).isCloseTo(1 / 3.0, within(0.05));
        assertThat(stats.droppedQueueFull()).isPositive();
        // The queue is bounded: 64 KiB at 6 Mbit/s is 87 ms of waiting at most (unbounded, the
        // backlog of 2 s at 1.5 times the rate would reach 670 ms). The machine's stalls come on top.
        assertThat(result.delayQuantileMs(0.99)).isLessThan(87.4 + 10);
        assertThat(result.delayQuantileMs(1.0)).isLessThan(87.4 + 60);
    }

    @Test
    void belowItsRateCapALinkDropsNothingAndAddsAlmostNoDelay() throws Exception {
        first.link().shape(Direction.UP, LinkProfile.parse("rate=6mbit"));
        long intervalNanos = UdpStream.intervalNanosFor(1000, 3e6);
        StreamResult result;
        try (UdpStream stream = up(first)) {
            result = sendAndWait(stream, 700, 1000, intervalNanos, 100);
        }
        assertThat(result.received()).isEqualTo(700);
        assertThat(result.delayQuantileMs(0.5)).isLessThan(3);
    }

    @Test
    void aCutDirectionDropsEverythingAtOnceWhileTheOtherFlowsAndMendingRestoresIt() throws Exception {
        first.link().shape(LinkProfile.parse("delay=20ms"));
        try (UdpStream upward = up(first); UdpStream downward = down(first)) {
            CompletableFuture<Void> downSent = CompletableFuture.runAsync(() -> downward.send(3_000, 100, MS));
            CompletableFuture<Void> upSent = CompletableFuture.runAsync(() -> upward.send(3_000, 100, MS));
            Thread.sleep(1_000);
            long cutNanos = System.nanoTime();
            first.link().direction(Direction.UP).setCut(true);
            long cutDoneNanos = System.nanoTime();
            Thread.sleep(1_000);
            long mendNanos = System.nanoTime();
            first.link().direction(Direction.UP).setCut(false);
            upSent.get(10, TimeUnit.SECONDS);
            downSent.get(10, TimeUnit.SECONDS);
            Thread.sleep(100);
            StreamResult up = upward.result();
            StreamResult down = downward.result();

            // Nothing sent during the cut arrives (but one sent just before the mend may reach the
            // shaper after it), and nothing held at the cut arrives after it.
            assertThat(up.sentBetween(cutDoneNanos, mendNanos - 20 * MS).received()).isZero();
            // (A frame already leaving at the cut may land just after it.)
            assertThat(up.only(d -> d.arrived() && d.arrivedNanos() > cutNanos + 10 * MS && d.arrivedNanos() < mendNanos).sent())
                    .isZero();
            assertThat(up.sentBetween(0, cutNanos - 100 * MS).lossFraction()).isZero();
            assertThat(up.sentBetween(mendNanos + MS, Long.MAX_VALUE).lossFraction()).isZero();
            assertThat(down.lossFraction()).as("the other direction is not cut").isZero();
            assertThat(first.link().stats().up().droppedCut()).isGreaterThan(900);
        }
    }

    @Test
    void aProfileChangedMidStreamAppliesToFramesFromThenOn() throws Exception {
        first.link().shape(Direction.UP, LinkProfile.parse("delay=10ms"));
        try (UdpStream stream = up(first)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> stream.send(2_000, 100, MS));
            Thread.sleep(1_000);
            long changeNanos = System.nanoTime();
            first.link().shape(Direction.UP, LinkProfile.parse("delay=60ms"));
            sent.get(10, TimeUnit.SECONDS);
            Thread.sleep(200);
            StreamResult result = stream.result();

            assertThat(result.lossFraction()).isZero();
            assertThat(result.sentBetween(0, changeNanos - MS).delayQuantileMs(0.5)).isCloseTo(10, within(1.0));
            assertThat(result.sentBetween(changeNanos + MS, Long.MAX_VALUE).delayQuantileMs(0.5)).isCloseTo(60, within(1.0));
        }
    }

    @Test
    void edgesAreShapedOnTheirOwnAndReachEachOtherAndTheHubsServiceAddressThroughTheirLinks() throws Exception {
        first.link().shape(Direction.UP, LinkProfile.parse("delay=10ms"));
        second.link().shape(Direction.DOWN, LinkProfile.parse("delay=30ms"));
        StreamResult firstToSecond;
        StreamResult secondUp;
        StreamResult firstToService;
        try (UdpStream across = UdpStream.open(first.namespace(), second.namespace(), second.address(), NEXT_PORT.getAndIncrement());
                UdpStream plain = up(second);
                UdpStream service = UdpStream.open(first.namespace(), network.hub(), ShapedNetwork.HUB_SERVICE_ADDRESS,
                        NEXT_PORT.getAndIncrement())) {
            CompletableFuture<Void> plainSent = CompletableFuture.runAsync(() -> plain.send(500, 100, MS));
            CompletableFuture<Void> serviceSent = CompletableFuture.runAsync(() -> service.send(500, 100, MS));
            across.send(500, 100, MS);
            plainSent.get(10, TimeUnit.SECONDS);
            serviceSent.get(10, TimeUnit.SECONDS);
            Thread.sleep(100);
            firstToSecond = across.result();
            secondUp = plain.result();
            firstToService = service.result();
        }
        assertThat(firstToSecond.received()).isEqualTo(500);
        assertThat(firstToSecond.delayQuantileMs(0.5)).isCloseTo(40, within(1.5));
        assertThat(secondUp.received()).isEqualTo(500);
        assertThat(secondUp.delayQuantileMs(0.5)).as("edge 2's uplink is unshaped").isLessThan(2);
        assertThat(firstToService.received()).isEqualTo(500);
        assertThat(firstToService.delayQuantileMs(0.5)).as("the hub's service address, through edge 1's link")
                .isCloseTo(10, within(1.5));
    }

    @Test
    void tcpThroughALossyJitteryLinkDeliversEveryByteIntact() throws Exception {
        first.link().shape(LinkProfile.parse("delay=10ms jitter=3ms loss=1%"));
        byte[] payload = new byte[1 << 20];
        new Random(5).nextBytes(payload);
        int port = NEXT_PORT.getAndIncrement();
        try (ServerSocketChannel server = network.hub().call(() -> ServerSocketChannel.open()
                        .bind(new InetSocketAddress(first.hubAddress(), port)));
                SocketChannel client = first.namespace().call(SocketChannel::open)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(server));
            client.connect(new InetSocketAddress(first.hubAddress(), port));
            client.write(ByteBuffer.wrap(payload));
            client.shutdownOutput();
            byte[] got = received.get(30, TimeUnit.SECONDS);

            assertThat(got.length).isEqualTo(payload.length);
            assertThat(MessageDigest.getInstance("SHA-256").digest(got))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
        }
        assertThat(first.link().stats().up().framesOversize()).isZero();
        assertThat(first.link().stats().up().droppedLoss()).isPositive();
    }

    private static byte[] readAll(ServerSocketChannel server) {
        try (SocketChannel peer = server.accept()) {
            return peer.socket().getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
