package org.syncroom.signaling.nat;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.net.SocketException;
import org.syncroom.signaling.ServerConfig;

/** The server's STUN responder, when {@code --stun-port} is not 0; started and closed with the server. */
@Singleton
public final class StunService implements AutoCloseable {
    private final String host;
    private final int port;
    private StunResponder responder;

    @Inject
    public StunService(ServerConfig config) {
        this.host = config.host();
        this.port = config.nat().stunPort();
    }

    public void start() throws SocketException {
        if (port != 0) {
            responder = new StunResponder(host, port).start();
        }
    }

    /** Datagrams so far with {@code outcome}; 0 when off. */
    public long count(StunResponder.Outcome outcome) {
        StunResponder r = responder;
        return r == null ? 0 : r.count(outcome);
    }

    /** The bound UDP port; 0 when off. */
    public int localPort() {
        StunResponder r = responder;
        return r == null ? 0 : r.localPort();
    }

    @Override
    public void close() throws InterruptedException {
        if (responder != null) {
            responder.close();
        }
    }
}
