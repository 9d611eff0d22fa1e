package org.syncroom.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.protocol.CloseReason;

/** Floods, sprays and too many sockets, against a real server, with the default limits. */
class LimitsOverTheWireTest {
    private SignalingServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withLimits(Limits.defaults().withConnectionsPerAddress(4)))).getInstance(SignalingServer.class).start();
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    private TestSocket connect() throws Exception {
        TestSocket socket = new TestSocket();
        client.connect(socket, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(5, TimeUnit.SECONDS);
        socket.next("welcome");
        return socket;
    }

    private static List<JsonNode> drain(TestSocket socket) {
        List<JsonNode> all = new ArrayList<>();
        socket.inbox.drainTo(all);
        return all;
    }

    @Test
    void aProbeFloodIsToldItIsRateLimitedThenClosedWhileAWellBehavedSocketIsAnswered() throws Exception {
        TestSocket polite = connect();
        TestSocket flooder = connect();
        int sent = 0;
        while (!flooder.closeCode.isDone() && sent < 20_000) {
            try {
                flooder.send("{\"type\":\"time-request\",\"t0\":" + sent + "}");
                sent++;
            } catch (Exception closedUnderUs) {
                break;
            }
        }
        assertThat(flooder.awaitClose()).isEqualTo(CloseReason.RATE_LIMIT.code());
        List<JsonNode> got = drain(flooder);
        long answered = got.stream().filter(m -> m.get("type").asText().equals("time-response")).count();
        assertThat(answered).as("answers out of " + sent + " sent").isLessThan(200);
        assertThat(got).anySatisfy(m -> assertThat(m.path("code").asText()).isEqualTo("rate-limited"));

        polite.send("{\"type\":\"time-request\",\"t0\":7}");
        assertThat(polite.next("time-response").get("t0").asDouble()).isEqualTo(7);
    }

    @Test
    void repeatedMalformedMessagesAreEachAnsweredThenCloseTheSocket() throws Exception {
        TestSocket sprayer = connect();
        for (int i = 0; i < 30 && !sprayer.closeCode.isDone(); i++) {
            try {
                sprayer.send(i % 2 == 0 ? "{\"type\":\"time-request\",\"t0\":\"12.5\"}" : "garbage " + i);
            } catch (Exception closedUnderUs) {
                break;
            }
        }
        assertThat(sprayer.awaitClose()).isEqualTo(CloseReason.MALFORMED.code());
        List<JsonNode> errors = drain(sprayer).stream().filter(m -> m.get("type").asText().equals("error")).toList();
        assertThat(errors).hasSizeBetween(Limits.defaults().malformedStrikes(), Limits.defaults().malformedStrikes() + 1);
        assertThat(errors).allSatisfy(e -> assertThat(e.get("code").asText()).isIn("bad-json", "bad-message"));
    }

    @Test
    void oneAddressCannotOpenMoreSocketsThanItsLimitAndASlotFreesOnClose() throws Exception {
        List<TestSocket> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(connect());
        }
        assertThatThrownBy(this::connect).hasMessageContaining("429");
        open.get(0).session.close();
        open.get(0).awaitClose();
        TestSocket again = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(this::connect, s -> true);
        assertThat(again.session.isOpen()).isTrue();
    }
}
