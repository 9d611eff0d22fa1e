package org.syncroom.signaling;

import ch.qos.logback.classic.Level;
import com.google.inject.Guice;
import org.slf4j.LoggerFactory;

/** {@code java -jar}-style entry point: starts the server with embedded defaults and prints its URL. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            boolean help = e.getMessage().startsWith("Usage:");
            System.err.println(help ? e.getMessage() : "sync-room: " + e.getMessage());
            System.exit(help ? 0 : 2);
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.syncroom")).setLevel(Level.toLevel(config.logLevel()));
        SignalingServer server = Guice.createInjector(new SignalingModule(config)).getInstance(SignalingServer.class);
        try {
            server.start();
        } catch (org.syncroom.signaling.together.GlobeUnavailableException e) {
            System.err.println("sync-room: " + e.getMessage());
            server.close();
            System.exit(2);
            return;
        } catch (java.io.IOException e) {
            System.err.println("sync-room: cannot listen on " + config.host() + ":" + config.port() + " ("
                    + e.getMessage() + "); is another server running there? Choose another with --port P");
            server.close();
            System.exit(1);
            return;
        }
        System.out.println("Sync Room is listening on " + server.localUrl()
                + "  (open it, pick an audio file, share the invite link; invites point at " + server.publicUrl()
                + ", set --public-url for other machines)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("sync-room: stopping: " + e);
            }
        }, "shutdown"));
        server.join();
    }
}
