package org.syncroom.signaling.nat;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.google.common.net.InetAddresses;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.syncroom.signaling.http.PublicUrl;
import org.syncroom.signaling.protocol.ServerMessage;

/**
 * The ICE configuration each page is given ({@code ice-config}, right after {@code welcome}):
 * this server's own STUN responder at the public URL's host, unless that host is loopback
 * (pages on one machine need no server-reflexive candidates), and with {@code --turn-secret},
 * the {@code --turn-url}s with credentials minted for that peer.
 */
@Singleton
public final class IceServers {
    private final NatConfig config;
    private final Supplier<URI> publicUrl;
    private final TurnCredentials credentials;

    @Inject
    public IceServers(NatConfig config, PublicUrl publicUrl, Clock wallClock) {
        this(config, publicUrl::base, wallClock);
    }

    /** @param publicUrl where pages reach this server (read when a page connects: it is known once bound) */
    public IceServers(NatConfig config, Supplier<URI> publicUrl, Clock wallClock) {
        this.config = config;
        this.publicUrl = publicUrl;
        this.credentials = config.turn() ? new TurnCredentials(config.turnSecret(), config.turnTtlSec(), wallClock) : null;
    }

    /** No STUN, no TURN: every page gets an empty list. */
    public static IceServers none() {
        return new IceServers(NatConfig.off(), () -> URI.create("http://localhost/"), Clock.systemUTC());
    }

    public ServerMessage.IceConfig forPeer(String peerId) {
        List<ServerMessage.IceServer> servers = new ArrayList<>();
        String stun = stunUrl(publicUrl.get());
        if (stun != null) {
            servers.add(new ServerMessage.IceServer(List.of(stun), null, null));
        }
        Long expiresAt = null;
        if (credentials != null) {
            TurnCredentials.Minted minted = credentials.mint(peerId);
            servers.add(new ServerMessage.IceServer(config.turnUrls(), minted.username(), minted.credential()));
            expiresAt = minted.expiresAtUnixSec();
        }
        return new ServerMessage.IceConfig(servers, config.relayOnly() ? ServerMessage.IceConfig.POLICY_RELAY
                : ServerMessage.IceConfig.POLICY_ALL, expiresAt);
    }

    /** {@code stun:host:port} for pages reaching this server at {@code base}; null if off or loopback. */
    String stunUrl(URI base) {
        String host = base.getHost();
        if (config.stunPort() == 0 || host == null || isLoopback(host)) {
            return null;
        }
        return "stun:" + host + ":" + config.stunPort();
    }

    /** Decided from the name alone, never by a DNS lookup. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.toLowerCase(Locale.ROOT).equals("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        return InetAddresses.isInetAddress(bare) && InetAddresses.forString(bare).isLoopbackAddress();
    }
}
