package org.syncroom.signaling;

import com.google.inject.Inject;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syncroom.signaling.clock.ServerClock;
import org.syncroom.signaling.http.AllowedMethods;
import org.syncroom.signaling.http.MetricsHandler;
import org.syncroom.signaling.http.PlainErrors;
import org.syncroom.signaling.http.PublicUrl;
import org.syncroom.signaling.http.SecurityHeaders;
import org.syncroom.signaling.http.ServerMetrics;
import org.syncroom.signaling.limits.AddressLimits;
import org.syncroom.signaling.nat.StunService;
import org.syncroom.signaling.room.RoomRegistry;
import org.syncroom.signaling.ws.SocketCloser;
import org.syncroom.signaling.together.Globe;
import org.syncroom.signaling.together.TogetherRoutes;
import org.syncroom.signaling.ws.SocketRoutes;

/**
 * Jetty serving the browser client from the classpath, the Listening Together endpoints at
 * /api/together/, the signalling WebSocket at /ws and
 * Prometheus metrics at /metrics, behind method filtering and security headers.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SignalingServer.class);
    /** An HTTP connection (before any WebSocket upgrade) with nothing to say is closed after this. */
    private static final long HTTP_IDLE_TIMEOUT_MS = 30_000;
    /** Smaller responses go uncompressed: a gzip header would save nothing. */
    private static final int GZIP_MIN_BYTES = 1024;
    /**
     * How often rooms look whether a roster is due: a quarter of the shortest roster interval
     * (RosterPacing, 500 ms), so a change waits at most that long beyond it.
     */
    static final long ROSTER_TICK_MS = 125;
    /**
     * Kernel send buffer of each accepted socket. Fixed instead of autotuned (which grows to
     * net.ipv4.tcp_wmem's 4 MiB), so what a non-reading client can park in the kernel is
     * bounded like what it can park in our queue; signalling needs little bandwidth.
     */
    private static final int SOCKET_SEND_BUFFER_BYTES = 128 * 1024;
    /** Likewise for what a client can push at us while we are not reading (a socket being closed). */
    private static final int SOCKET_RECEIVE_BUFFER_BYTES = 64 * 1024;
    /**
     * Jetty's default pool grows to 200 threads under load (it hands each socket's messages to a
     * fresh thread, since handlers may block). Nothing here blocks, so on a small machine a
     * bounded pool keeps the work on a few hot threads instead of 200 that contend for the cores.
     */
    private static final int MAX_REQUEST_THREADS = 32;
    private static final int MIN_REQUEST_THREADS = 8;

    private final AtomicLong rosterFailures = new AtomicLong();
    private final ServerConfig config;
    private final SocketRoutes routes;
    private final RoomRegistry rooms;
    private final ServerClock clock;
    private final PublicUrl publicUrl;
    private final ServerMetrics metrics;
    private final AddressLimits addressLimits;
    private final Globe globe;
    private final TogetherRoutes together;
    private final SocketCloser closer;
    private final StunService stun;
    private final Server server = new Server(requestThreads());
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "room-janitor");
        t.setDaemon(true);
        return t;
    });
    private ServerConnector connector;

    @Inject
    public SignalingServer(ServerConfig config, SocketRoutes routes, RoomRegistry rooms, ServerClock clock,
                           PublicUrl publicUrl, ServerMetrics metrics, AddressLimits addressLimits,
                           SocketCloser closer, Globe globe, TogetherRoutes together, StunService stun) {
        this.config = config;
        this.routes = routes;
        this.rooms = rooms;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.metrics = metrics;
        this.addressLimits = addressLimits;
        this.closer = closer;
        this.globe = globe;
        this.together = together;
        this.stun = stun;
    }

    private static QueuedThreadPool requestThreads() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_REQUEST_THREADS, MIN_REQUEST_THREADS);
        pool.setName("request");
        return pool;
    }

    public SignalingServer start() throws Exception {
        globe.start();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(HTTP_IDLE_TIMEOUT_MS);
        connector.setAcceptedSendBufferSize(SOCKET_SEND_BUFFER_BYTES);
        connector.setAcceptedReceiveBufferSize(SOCKET_RECEIVE_BUFFER_BYTES);
        server.addConnector(connector);
        connector.open();
        publicUrl.resolve(connector.getLocalPort());

        ContextHandler context = new ContextHandler("/");
        ResourceHandler files = new ResourceHandler();
        Resource web = ResourceFactory.of(server).newClassLoaderResource("web/");
        if (web == null) {
            throw new IllegalStateException("browser client not on the classpath (module sync-room-web)");
        }
        files.setBaseResource(web);
        files.setWelcomeFiles("index.html");
        files.setDirAllowed(false);
        files.setEtags(true);
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(server, context, routes::install);
        // The page's files gzipped for browsers that accept it (the room page's bundle: 90 kB, 30 kB
        // gzipped), so a page on a slow or distant link loads in fewer round trips.
        GzipHandler compressedFiles = new GzipHandler(files);
        compressedFiles.setMinGzipSize(GZIP_MIN_BYTES);
        sockets.setHandler(new Handler.Sequence(together, compressedFiles));
        context.setHandler(new Handler.Sequence(new MetricsHandler(metrics, config.metricsToken()), sockets));
        server.setHandler(new SecurityHeaders(publicUrl, new AllowedMethods(context)));
        server.setErrorHandler(new PlainErrors());
        server.start();
        stun.start();

        long minutes = config.abandonedRoomMinutes();
        janitor.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.MINUTES);
        janitor.scheduleAtFixedRate(this::sendRosters, ROSTER_TICK_MS, ROSTER_TICK_MS, TimeUnit.MILLISECONDS);
        log.info("listening on {}:{}; public URL {}; limits {}; {}", config.host(), port(), publicUrl.base(),
                config.limits(), config.nat());
        return this;
    }

    private void sendRosters() {
        try {
            rooms.sendRosters(clock.nowMillis());
        } catch (RuntimeException e) {
            // A bug, not a room's state: logged the first time and every 1000th after, so it cannot flood the log.
            long n = rosterFailures.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.error("sending rosters failed ({} times so far); the ticker goes on", n, e);
            }
        }
    }

    private void sweep() {
        try {
            int removed = rooms.removeAbandoned(clock.nowMillis() - config.abandonedRoomMinutes() * 60_000.0);
            addressLimits.forgetIdle();
            if (removed > 0) {
                log.info("removed {} abandoned rooms; {} left", removed, rooms.size());
            }
        } catch (RuntimeException e) {
            log.error("room sweep failed; it runs again in a minute", e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The URL a person on this machine can open. */
    public URI localUrl() {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Where invite links point; see {@code --public-url}. */
    public URI publicUrl() {
        return publicUrl.base();
    }

    /** The STUN responder's bound UDP port; 0 when {@code --stun-port 0}. */
    public int stunPort() {
        return stun.localPort();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        janitor.shutdownNow();
        closer.close();
        stun.close();
        server.stop();
        globe.close();
    }

    /** The Listening Together globe: plays in, sessions out ({@code /api/together/*}). */
    public Globe globe() {
        return globe;
    }
}
