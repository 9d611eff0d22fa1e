package org.syncroom.signaling.ws;

import com.google.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.syncroom.signaling.protocol.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes sockets the server gives up on, off the thread that noticed (which may hold a room's
 * lock). A close frame cannot reach a browser that does not read, so the TCP connection is
 * dropped {@link #GRACE_MS} later whatever happened to the close handshake.
 */
@Singleton
public final class SocketCloser implements AutoCloseable {
    static final long GRACE_MS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(SocketCloser.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "socket-closer");
        t.setDaemon(true);
        return t;
    });

    public void close(Session session, String peerId, CloseReason reason) {
        executor.execute(() -> session.close(reason.code(), reason.text(), new Callback() {
            @Override
            public void fail(Throwable cause) {
                log.debug("close handshake with peer {} failed; dropping the connection", peerId, cause);
                session.disconnect();
            }
        }));
        executor.schedule(session::disconnect, GRACE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
