package org.syncroom.signaling;

import com.google.inject.Guice;

/** {@code java -jar}-style entry point: starts the server with embedded defaults and prints its URL. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sync-room: " + e.getMessage());
            System.exit(2);
            return;
        }
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
                + "  (open it, pick an audio file, share the invite link)");
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
