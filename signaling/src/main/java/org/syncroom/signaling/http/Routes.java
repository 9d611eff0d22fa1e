package org.syncroom.signaling.http;

/** The server's paths that are not static files. */
public final class Routes {
    public static final String SOCKET = "/ws";
    public static final String METRICS = "/metrics";

    private Routes() {}
}
