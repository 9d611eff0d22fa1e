package org.syncroom.signaling;

import com.google.inject.Inject;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.room.RoomRegistry;
import org.syncroom.signaling.together.Globe;
import org.syncroom.signaling.together.TogetherRoutes;
import org.syncroom.signaling.ws.SocketRoutes;

/**
 * Jetty serving the browser client from the classpath, the signalling WebSocket at /ws and the
 * Listening Together endpoints at /api/together/.
 */
public final class SignalingServer implements AutoCloseable {
    private final ServerConfig config;
    private final SocketRoutes routes;
    private final RoomRegistry rooms;
    private final ServerClock clock;
    private final Globe globe;
    private final TogetherRoutes together;
    private final Server server = new Server();
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "room-janitor");
        t.setDaemon(true);
        return t;
    });
    private ServerConnector connector;

    @Inject
    public SignalingServer(ServerConfig config, SocketRoutes routes, RoomRegistry rooms, ServerClock clock,
            Globe globe, TogetherRoutes together) {
        this.config = config;
        this.globe = globe;
        this.together = together;
        this.routes = routes;
        this.rooms = rooms;
        this.clock = clock;
    }

    public SignalingServer start() throws Exception {
        globe.start();
        connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        ResourceHandler files = new ResourceHandler();
        Resource web = ResourceFactory.of(server).newClassLoaderResource("web/");
        if (web == null) {
            throw new IllegalStateException("browser client not on the classpath (module sync-room-web)");
        }
        files.setBaseResource(web);
        files.setWelcomeFiles("index.html");
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(server, context, routes::install);
        sockets.setHandler(new Handler.Sequence(together, files));
        context.setHandler(sockets);
        server.setHandler(context);
        server.start();

        long minutes = config.abandonedRoomMinutes();
        janitor.scheduleAtFixedRate(() -> rooms.removeAbandoned(clock.nowMillis() - minutes * 60_000.0),
                1, 1, TimeUnit.MINUTES);
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The URL a person on this machine can open. */
    public URI localUrl() {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The Listening Together globe: plays in, sessions out ({@code /api/together/*}). */
    public Globe globe() {
        return globe;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        janitor.shutdownNow();
        server.stop();
        globe.close();
    }
}
