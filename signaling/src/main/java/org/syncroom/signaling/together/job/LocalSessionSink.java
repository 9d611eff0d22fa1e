package org.syncroom.signaling.together.job;

import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Sink V2 handing each window's sessions to the server in the same JVM ({@link LocalChannels}). */
public final class LocalSessionSink implements Sink<SessionWindow> {
    private static final long serialVersionUID = 1L;
    private final String channel;

    public LocalSessionSink(String channel) {
        this.channel = channel;
    }

    @Override
    public SinkWriter<SessionWindow> createWriter(WriterInitContext context) {
        Consumer<SessionWindow> sessions = LocalChannels.sessions(channel);
        return new SinkWriter<>() {
            @Override
            public void write(SessionWindow window, Context context) {
                sessions.accept(window);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
