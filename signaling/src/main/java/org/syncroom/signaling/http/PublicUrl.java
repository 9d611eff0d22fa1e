package org.syncroom.signaling.http;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.room.InviteUrls;

/**
 * The address people reach this server at: {@code --public-url}, or derived from host and the
 * bound port. It is the only source of invite URLs (never a request's Host header), and its
 * origin, with {@code --allowed-origin}s, is what {@code /ws} accepts as Origin.
 */
@Singleton
public final class PublicUrl implements InviteUrls {
    private final ServerConfig config;
    private volatile URI base;
    private volatile Set<String> allowedOrigins = Set.of();

    @Inject
    public PublicUrl(ServerConfig config) {
        this.config = config;
    }

    /** Fixes the URL once the port is bound (port 0 picks one). */
    public void resolve(int boundPort) {
        Set<String> origins = new LinkedHashSet<>();
        if (config.publicUrl() != null) {
            base = URI.create(config.publicUrl().replaceAll("/+$", "") + "/");
        } else {
            String host = config.host();
            boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
            base = URI.create("http://" + (wildcard ? "localhost" : bracketed(host)) + ":" + boundPort + "/");
            if (wildcard || isLoopbackName(host)) {
                for (String alias : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
                    origins.add("http://" + alias + ":" + boundPort);
                }
            }
        }
        origins.add(originOf(base));
        for (String extra : config.allowedOrigins()) {
            origins.add(extra.replaceAll("/+$", "").toLowerCase(Locale.ROOT));
        }
        allowedOrigins = Set.copyOf(origins);
    }

    public URI base() {
        return base;
    }

    /** {@code ws://host:port/ws} or {@code wss://…}, for the Content-Security-Policy. */
    public String webSocketOrigin() {
        return (base.getScheme().equals("https") ? "wss://" : "ws://") + base.getRawAuthority();
    }

    /** Browsers always send Origin on a WebSocket upgrade; tools that send none are let through. */
    public boolean allowsOrigin(String origin) {
        return origin == null || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }

    @Override
    public String forInvite(String inviteToken) {
        return base + "?invite=" + inviteToken;
    }

    private static String originOf(URI uri) {
        int port = uri.getPort();
        return (uri.getScheme() + "://" + uri.getHost() + (port < 0 ? "" : ":" + port)).toLowerCase(Locale.ROOT);
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
