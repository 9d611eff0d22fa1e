package org.syncroom.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void decodesEachClientMessageByItsTypeName() throws Exception {
        assertThat(codec.decode("{\"type\":\"time-request\",\"t0\":12.5}"))
                .isEqualTo(new ClientMessage.TimeRequest(12.5));
        assertThat(codec.decode("{\"type\":\"create-room\",\"hostKey\":\"k\"}")).isEqualTo(new ClientMessage.CreateRoom("k"));
        assertThat(codec.decode("{\"type\":\"join\",\"invite\":\"abc\",\"relay\":false}"))
                .isEqualTo(new ClientMessage.Join("abc", false));
        assertThat(codec.decode("{\"type\":\"play\",\"position\":3,\"at\":99.5}"))
                .isEqualTo(new ClientMessage.Play(3, 99.5));
        assertThat(codec.decode("{\"type\":\"signal\",\"to\":\"p1\",\"data\":{\"sdp\":\"x\"}}"))
                .isInstanceOf(ClientMessage.Signal.class);
    }

    @Test
    void encodesServerMessagesWithExplicitTypeNames() {
        String json = codec.encode(new ServerMessage.Playback(new PlaybackState(3, 1, true, 2.5, 1000)));
        assertThat(json).contains("\"type\":\"playback\"").contains("\"position\":2.5").contains("\"version\":3");
        assertThat(codec.encode(new ServerMessage.Failure(ErrorCode.BAD_JSON, "x")))
                .contains("\"type\":\"error\"").contains("\"code\":\"bad-json\"");
        assertThat(codec.encode(new ServerMessage.Joined("r", Role.HOST, "h", List.of(), null,
                PlaybackState.stopped(), null, null, List.of(), "https://room.test/?invite=i"))).contains("\"type\":\"joined\"").contains("\"role\":\"host\"");
    }

    @Test
    void malformedJsonIsBadJson() {
        assertCode("{not json", ErrorCode.BAD_JSON);
    }

    @Test
    void unknownTypeIsNamedInTheError() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"explode\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                    assertThat(e.getMessage()).contains("explode");
                });
    }

    @Test
    void missingTypeMissingFieldsWrongTypesAndExtraFieldsAreBadMessages() {
        assertCode("{\"t0\":1}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"time-request\"}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"play\",\"position\":\"soon\",\"at\":1}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"join\",\"invite\":null}", ErrorCode.BAD_MESSAGE);
    }

    @Test
    void numbersMustBeJsonNumbersAndStringsJsonStrings() {
        assertCode("{\"type\":\"time-request\",\"t0\":\"12.5\"}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"time-request\",\"t0\":true}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"join\",\"invite\":12}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"announce-track\",\"title\":\"t\",\"durationSec\":10,\"sampleRate\":48000.5,"
                + "\"channels\":2,\"chunkFrames\":4800}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"signal\",\"to\":\"p1\",\"data\":\"offer\"}", ErrorCode.BAD_MESSAGE);
        assertCode("{\"type\":\"join\",\"invite\":\"a\",\"invite\":\"b\"}", ErrorCode.BAD_JSON);
    }

    @Test
    void errorTextsAreShortAndOursNeverTheParsersOrAClassName() {
        for (String text : new String[] {"{\"type\":\"time-request\",\"t0\":\"12.5\"}", "{\"type\":\"join\"}",
                "{not json", "[1,2]", "{\"type\":\"join\",\"invite\":\"a\",\"x\":1}",
                "{\"type\":\"signal\",\"to\":\"p1\",\"data\":[]}", "{\"type\":\"play\",\"position\":null,\"at\":1}"}) {
            assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(ProtocolException.class, e ->
                    assertThat(e.getMessage()).as(text).hasSizeLessThan(80)
                            .doesNotContain("java", "jackson", "Jackson", "Cannot", "Exception", "org.", "$"));
        }
        assertThatThrownBy(() -> codec.decode("{\"type\":\"join\"}")).hasMessage("missing field \"invite\"");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"time-request\",\"t0\":\"1\"}"))
                .hasMessage("field \"t0\" must be a number");
    }

    @Test
    void aClientCannotClaimASenderIdentityOnASignal() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"signal\",\"to\":\"p1\",\"from\":\"host\",\"data\":{}}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_MESSAGE);
                    assertThat(e.getMessage()).contains("from");
                });
    }

    private void assertCode(String text, ErrorCode code) {
        assertThatThrownBy(() -> codec.decode(text))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
