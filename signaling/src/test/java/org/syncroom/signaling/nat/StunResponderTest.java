package org.syncroom.signaling.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StunResponderTest {
    private StunResponder responder;
    private DatagramSocket client;

    @BeforeEach
    void start() throws Exception {
        responder = new StunResponder("127.0.0.1", 0).start();
        client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        client.setSoTimeout(2000);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        responder.close();
    }

    private InetSocketAddress server() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.localPort());
    }

    private static byte[] bindingRequest() throws Exception {
        Request request = MessageFactory.createBindingRequest();
        request.setTransactionID(org.ice4j.stack.TransactionID.createNewTransactionID().getBytes());
        return request.encode(null);
    }

    private Message receive() throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        client.receive(packet);
        return Message.decode(packet.getData(), 0, packet.getLength());
    }

    @Test
    void aBindingRequestIsAnsweredWithTheSendersAddressAsXorMappedAddress() throws Exception {
        byte[] request = bindingRequest();
        client.send(new DatagramPacket(request, request.length, server()));
        Message response = receive();
        assertThat(response.getMessageType()).isEqualTo(Message.BINDING_SUCCESS_RESPONSE);
        byte[] transactionId = java.util.Arrays.copyOfRange(request, 8, 20);
        assertThat(response.getTransactionID()).isEqualTo(transactionId);
        XorMappedAddressAttribute mapped = (XorMappedAddressAttribute) response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        assertThat(mapped).isNotNull();
        TransportAddress address = mapped.getAddress(transactionId);
        assertThat(address.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(address.getPort()).isEqualTo(client.getLocalPort());
        assertThat(responder.count(StunResponder.Outcome.ANSWERED)).isEqualTo(1);
    }

    @Test
    void garbageAndTruncatedMessagesAreDroppedAndCountedAndAnsweringGoesOn() throws Exception {
        byte[] request = bindingRequest();
        byte[][] bad = {
            "GET / HTTP/1.1\r\n\r\n".getBytes(), new byte[3], new byte[1400],
            java.util.Arrays.copyOf(request, request.length - 4), // length field no longer matches
        };
        byte[] wrongCookie = request.clone();
        wrongCookie[4] ^= 1;
        for (byte[] b : bad) {
            client.send(new DatagramPacket(b, b.length, server()));
        }
        client.send(new DatagramPacket(wrongCookie, wrongCookie.length, server()));
        client.send(new DatagramPacket(request, request.length, server()));
        assertThat(receive().getMessageType()).isEqualTo(Message.BINDING_SUCCESS_RESPONSE);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(responder.count(StunResponder.Outcome.MALFORMED)).isEqualTo(5));
        client.setSoTimeout(300);
        try {
            receive();
            throw new AssertionError("a malformed datagram was answered");
        } catch (SocketTimeoutException expected) {
            // nothing but the one binding response
        }
    }

    @Test
    void stunThatIsNoBindingRequestIsIgnored() throws Exception {
        Message message = MessageFactory.createBindingIndication();
        message.setTransactionID(org.ice4j.stack.TransactionID.createNewTransactionID().getBytes());
        byte[] indication = message.encode(null);
        client.send(new DatagramPacket(indication, indication.length, server()));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(responder.count(StunResponder.Outcome.IGNORED)).isEqualTo(1));
    }

    @Test
    void aFloodIsAnsweredOnlyUpToTheRateAndTheRestDroppedUnread() throws Exception {
        byte[] request = bindingRequest();
        int sent = 20_000;
        long startNs = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            client.send(new DatagramPacket(request, request.length, server()));
        }
        double elapsedSec = (System.nanoTime() - startNs) / 1e9;
        awaitCountsSettled();
        double allowed = StunResponder.ANSWER_BURST + StunResponder.ANSWERS_PER_SEC * (elapsedSec + 1);
        assertThat(responder.count(StunResponder.Outcome.ANSWERED)).isLessThanOrEqualTo((long) allowed);
        assertThat(responder.count(StunResponder.Outcome.OVER_LIMIT)).isGreaterThan(0);
        // Once the flood stops, the bucket refills and requests are answered again.
        Thread.sleep(300);
        DatagramSocket fresh = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        try (fresh) {
            fresh.setSoTimeout(2000);
            fresh.send(new DatagramPacket(request, request.length, server()));
            byte[] buffer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            fresh.receive(packet);
            assertThat(Message.decode(buffer, 0, packet.getLength()).getMessageType())
                    .isEqualTo(Message.BINDING_SUCCESS_RESPONSE);
        }
    }

    /** The kernel drops part of a flood before the responder reads it: wait until the counts settle. */
    private void awaitCountsSettled() throws InterruptedException {
        long before;
        do {
            before = total();
            Thread.sleep(200);
        } while (total() != before);
    }

    private long total() {
        long n = 0;
        for (StunResponder.Outcome o : StunResponder.Outcome.values()) {
            n += responder.count(o);
        }
        return n;
    }
}
