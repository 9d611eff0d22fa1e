package org.syncroom.signaling.nat;

import java.util.List;

/**
 * What the server does for NAT traversal ({@code --stun-port}, {@code --turn-*}).
 *
 * @param stunPort   UDP port the server answers STUN binding requests on; 0: off
 * @param turnSecret the {@code static-auth-secret} shared with coturn; null: no TURN
 * @param turnUrls   TURN URLs handed to pages with their credentials ({@code turn:host:3478?transport=udp})
 * @param turnTtlSec how long a minted TURN credential is valid, in seconds
 * @param relayOnly  pages connect only through TURN ({@code iceTransportPolicy: "relay"})
 */
public record NatConfig(int stunPort, String turnSecret, List<String> turnUrls, int turnTtlSec, boolean relayOnly) {
    public static final int DEFAULT_STUN_PORT = 3478;
    public static final int DEFAULT_TURN_TTL_SEC = 6 * 3600;

    public NatConfig {
        turnUrls = List.copyOf(turnUrls);
        if (stunPort < 0 || stunPort > 65_535) {
            throw new IllegalArgumentException("--stun-port must be between 0 and 65535, got " + stunPort);
        }
        if (turnTtlSec < 60 || turnTtlSec > 7 * 86_400) {
            throw new IllegalArgumentException("--turn-ttl-sec must be between 60 and 604800, got " + turnTtlSec);
        }
        if ((turnSecret == null) != turnUrls.isEmpty()) {
            throw new IllegalArgumentException("--turn-secret and --turn-url go together");
        }
        if (turnSecret != null && turnSecret.isBlank()) {
            throw new IllegalArgumentException("--turn-secret must not be blank");
        }
        for (String url : turnUrls) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new IllegalArgumentException("--turn-url must start with turn: or turns:, got " + url);
            }
        }
        if (relayOnly && turnSecret == null) {
            throw new IllegalArgumentException("--ice-relay-only needs --turn-secret and --turn-url");
        }
    }

    /** STUN on the default port, no TURN: what the server runs with given no flags. */
    public static NatConfig defaults() {
        return new NatConfig(DEFAULT_STUN_PORT, null, List.of(), DEFAULT_TURN_TTL_SEC, false);
    }

    /** No STUN responder, no TURN (tests, which run many servers). */
    public static NatConfig off() {
        return new NatConfig(0, null, List.of(), DEFAULT_TURN_TTL_SEC, false);
    }

    public boolean turn() {
        return turnSecret != null;
    }

    public NatConfig withStunPort(int port) {
        return new NatConfig(port, turnSecret, turnUrls, turnTtlSec, relayOnly);
    }

    public NatConfig withTurn(String secret, List<String> urls, int ttlSec, boolean onlyRelay) {
        return new NatConfig(stunPort, secret, urls, ttlSec, onlyRelay);
    }

    @Override
    public String toString() {
        return "stun " + (stunPort == 0 ? "off" : "udp " + stunPort) + ", turn "
                + (turn() ? turnUrls + " ttl " + turnTtlSec + " s" + (relayOnly ? ", relay only" : "") : "off");
    }
}
