package org.syncroom.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol-examples.json is shared with the browser client's node test: this side decodes
 * every client message with the real codec, encodes every server message from real records,
 * and checks every rejected frame gets its code. If either side drifts, one of the two fails.
 */
class ProtocolExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "docs", "protocol-examples.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON numbers compare by value: 3 and 3.0 are the same number on the wire. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.equals(b) ? 0
            : a instanceof NumericNode x && b instanceof NumericNode y && x.doubleValue() == y.doubleValue() ? 0 : 1;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final JsonNode examples = read();

    private static JsonNode read() {
        try {
            return JSON.readTree(Files.readString(EXAMPLES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + EXAMPLES.toAbsolutePath(), e);
        }
    }

    /** The records the server would send for each serverToClient example, built as the server builds them. */
    private static final String HOST_KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final TrackInfo TRACK = new TrackInfo(1, "Clicks", 31.5, 48_000, 2, 4_800, "pcm16", true);
    private static final PlaybackState PLAYING = new PlaybackState(2, 1, true, 12.5, 1795374203581.3);
    private static final SignalData OFFER = new SignalData(JSON.createObjectNode()
            .set("description", JSON.createObjectNode().put("type", "offer").put("sdp", "v=0\r\n")));
    private static final Map<String, ServerMessage> SERVER_RECORDS = Map.ofEntries(
            Map.entry("welcome", new ServerMessage.Welcome("Lq1xYz9AbCd", 1795374200000.125)),
            Map.entry("time-response", new ServerMessage.TimeResponse(5123.25, 1795374200010.5, 1795374200010.75)),
            Map.entry("room-created", new ServerMessage.RoomCreated("Rm4nTq0pXw8", "q3VtYW5vZmZlcnNhcmVzZWNyZXQ",
                    "https://listen.example/?invite=aW52aXRldG9rZW5leGFtcGxlMQ")),
            Map.entry("joined", new ServerMessage.Joined("Rm4nTq0pXw8", Role.LISTENER, "Hs7kPq2mNb0",
                    List.of(), TRACK, PLAYING, HOST_KEY, "Rl4yPq8mNb2", List.of("Lq1xYz9AbCd"), null)),
            Map.entry("peer-joined", new ServerMessage.PeerJoined("Hs7kPq2mNb0", Role.HOST, HOST_KEY)),
            Map.entry("upstream", new ServerMessage.Upstream("Rl4yPq8mNb2", new SpareOffer("s3", new SignalData(
                    JSON.createObjectNode().put("type", "offer").put("sdp", "v=0\r\n"))))),
            Map.entry("feed", new ServerMessage.Feed("Lq1xYz9AbCd", "s3")),
            Map.entry("unfeed", new ServerMessage.Unfeed("Lq1xYz9AbCd")),
            Map.entry("spares", new ServerMessage.Spares(4)),
            Map.entry("standby-feed", new ServerMessage.StandbyFeed("Lq1xYz9AbCd")),
            Map.entry("standby-upstream", new ServerMessage.StandbyUpstream("Rl4yPq8mNb2")),
            Map.entry("standby-end", new ServerMessage.StandbyEnd("Lq1xYz9AbCd")),
            Map.entry("ice-config", new ServerMessage.IceConfig(List.of(
                    new ServerMessage.IceServer(List.of("stun:listen.example:3478"), null, null),
                    new ServerMessage.IceServer(List.of("turn:turn.listen.example:3478?transport=udp",
                            "turn:turn.listen.example:3478?transport=tcp"), "1795395800:Lq1xYz9AbCd",
                            "ZI4Zxl6kwS6hPY2Q0o0cK3Js0tM=")), "all", 1795395800L)),
            Map.entry("peer-left", new ServerMessage.PeerLeft("Hs7kPq2mNb0", Role.HOST)),
            Map.entry("signal", new ServerMessage.Signal("Hs7kPq2mNb0", OFFER)),
            Map.entry("track", new ServerMessage.Track(TRACK)),
            Map.entry("playback", new ServerMessage.Playback(PLAYING)),
            Map.entry("roster", new ServerMessage.Roster(List.of(
                    new RosterEntry("Hs7kPq2mNb0", Role.HOST, "Hana", "Chrome", ConnectionKind.HOST, -0.3, 0.0, 0),
                    new RosterEntry("Lq1xYz9AbCd", Role.LISTENER, "Ana", "Firefox", ConnectionKind.RELAYED, 1.2, 3.9, 2),
                    new RosterEntry("Rl4yPq8mNb2", Role.LISTENER, "", "", null, null, null, null)), 2,
                    new ServerMessage.RestartSummary(1795374200800.0, 2, 312.5))),
            Map.entry("error", new ServerMessage.Failure(ErrorCode.RATE_LIMITED,
                    "over the message-rate limit; messages are dropped until you slow down")));

    @Test
    void everyClientExampleDecodesWithTheRealCodecAndLosesNoField() throws Exception {
        for (JsonNode example : examples.get("clientToServer")) {
            JsonNode message = example.get("message");
            ClientMessage decoded = codec.decode(JSON.writeValueAsString(message));
            JsonNode again = JSON.readTree(JSON.writerFor(ClientMessage.class).writeValueAsString(decoded));
            assertThat(again.equals(BY_VALUE, message)).as(example.get("name").asText() + ": " + again).isTrue();
        }
    }

    @Test
    void everyServerExampleIsExactlyWhatTheServerEncodesFromItsRecords() throws Exception {
        for (JsonNode example : examples.get("serverToClient")) {
            String name = example.get("name").asText();
            assertThat(SERVER_RECORDS).as("a record for " + name).containsKey(name);
            JsonNode encoded = JSON.readTree(codec.encode(SERVER_RECORDS.get(name)));
            assertThat(encoded.equals(BY_VALUE, example.get("message")))
                    .as(name + ": server sends " + encoded).isTrue();
        }
    }

    @Test
    void everyRejectedExampleGetsItsErrorCode() {
        for (JsonNode example : examples.get("rejected")) {
            String code = example.get("code").asText();
            assertThatThrownBy(() -> codec.decode(example.get("text").asText()))
                    .as(example.get("name").asText())
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code().toString()).isEqualTo(code));
        }
    }

    @Test
    void theExamplesCoverEveryMessageTypeOnceInEachDirection() {
        assertThat(names("clientToServer")).containsExactlyInAnyOrderElementsOf(wireNames(ClientMessage.class));
        assertThat(names("serverToClient")).containsExactlyInAnyOrderElementsOf(wireNames(ServerMessage.class));
        Set<String> rejected = new HashSet<>();
        examples.get("rejected").forEach(e -> rejected.add(e.get("name").asText()));
        assertThat(rejected).contains("string where a number belongs", "missing required field", "unknown type",
                "client-supplied from");
    }

    private List<String> names(String direction) {
        return StreamSupport.stream(examples.get(direction).spliterator(), false)
                .map(e -> e.get("message").get("type").asText()).toList();
    }

    private static List<String> wireNames(Class<?> sealed) {
        return Arrays.stream(sealed.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();
    }
}
