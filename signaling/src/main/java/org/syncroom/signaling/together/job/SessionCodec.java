package org.syncroom.signaling.together.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Session windows on the Kafka topic {@link KafkaTopics#SESSIONS}, as JSON (the same fields as the job's POJOs). */
public final class SessionCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SessionCodec() {}

    public static byte[] encode(SessionWindow window) {
        try {
            return JSON.writeValueAsBytes(window);
        } catch (IOException e) {
            throw new UncheckedIOException("a window of plain fields always encodes", e);
        }
    }

    /** @throws IOException when the record is not a session window */
    public static SessionWindow decode(byte[] bytes) throws IOException {
        SessionWindow window = JSON.readValue(bytes, SessionWindow.class);
        if (window == null || window.sessions == null) {
            throw new IOException("not a session window");
        }
        return window;
    }
}
