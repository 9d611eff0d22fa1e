package org.syncroom.signaling;

import java.util.List;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.nat.NatConfig;
import org.syncroom.signaling.together.TogetherConfig;
import org.syncroom.signaling.topology.TreeLimits;

/**
 * Everything an operator can set. {@link #defaults()} is what {@code Main} runs with when
 * given no arguments: every interface, port 8080, 500 listeners a room, the public URL derived
 * from host and port, the {@link Limits#defaults() default limits}, except that STUN is off
 * ({@link NatConfig#off()}: tests start many servers; with no flags {@code Main} answers STUN on
 * UDP 3478, {@link NatConfig#defaults()}). Flags: {@link ServerFlags}.
 *
 * @param publicUrl      where people reach the server (invite links, allowed Origin); null: derived
 * @param allowedOrigins further Origins {@code /ws} accepts
 * @param metricsToken   bearer token for {@code /metrics} from outside loopback; null: loopback only
 * @param logLevel       level of the server's own loggers (TRACE, DEBUG, INFO, WARN, ERROR)
 * @param fanout         listeners a relaying listener feeds in the relay tree
 * @param hostFanout     listeners the host feeds itself: its upload is this many streams
 * @param together       the Listening Together globe ({@code --geoip-db}, ...); off by default
 *                       ({@code ./run-server} turns it on with the bundled DB-IP file)
 * @param trustedProxies {@code --trusted-proxy CIDR}s: only sockets from these may name the
 *                       listener's address in {@code X-Forwarded-For} (for the globe's plays)
 * @param nat            STUN responder and TURN credentials ({@code --stun-port}, {@code --turn-*})
 */
public record ServerConfig(String host, int port, int maxListeners, long abandonedRoomMinutes, String publicUrl,
                           List<String> allowedOrigins, String metricsToken, String logLevel, Limits limits,
                           int fanout, int hostFanout, TogetherConfig together, List<String> trustedProxies,
                           NatConfig nat) {

    public ServerConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Sockets from {@code cidrs} may name the client's address in {@code X-Forwarded-For}. */
    public ServerConfig withTrustedProxies(List<String> cidrs) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, cidrs, nat);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, 500, 30, null, List.of(), null, "INFO", Limits.defaults(),
                TreeLimits.DEFAULT_FANOUT, TreeLimits.DEFAULT_FANOUT, TogetherConfig.off(), List.of(), NatConfig.off());
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, trustedProxies, nat);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, trustedProxies, nat);
    }

    public ServerConfig withMaxListeners(int value) {
        return new ServerConfig(host, port, value, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, trustedProxies, nat);
    }

    public ServerConfig withPublicUrl(String value, List<String> extraOrigins) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, value, extraOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, trustedProxies, nat);
    }

    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, value, fanout, hostFanout, together, trustedProxies, nat);
    }

    /** A relay tree where relays feed {@code listenerFanout} listeners and the host {@code hostFanoutValue}. */
    public ServerConfig withFanout(int listenerFanout, int hostFanoutValue) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, listenerFanout, hostFanoutValue, together, trustedProxies, nat);
    }

    public ServerConfig withTogether(TogetherConfig value) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, value, trustedProxies, nat);
    }

    public ServerConfig withNat(NatConfig value) {
        return new ServerConfig(host, port, maxListeners, abandonedRoomMinutes, publicUrl, allowedOrigins,
                metricsToken, logLevel, limits, fanout, hostFanout, together, trustedProxies, value);
    }

    /** Parses command-line flags; an {@link IllegalArgumentException} names the problem. */
    public static ServerConfig fromArgs(String... args) {
        return ServerFlags.parse(args);
    }
}
