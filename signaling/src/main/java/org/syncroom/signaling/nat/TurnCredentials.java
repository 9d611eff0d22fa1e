package org.syncroom.signaling.nat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the "TURN REST API" scheme coturn checks with
 * {@code use-auth-secret} (draft-uberti-behave-turn-rest-00 §2.2): the username is
 * {@code expiryUnixSeconds:id} and the credential is Base64(HMAC-SHA1(secret, username)).
 * coturn recomputes the credential from its {@code static-auth-secret} and refuses the
 * username once its expiry has passed, so nothing is stored here.
 */
public final class TurnCredentials {
    private static final String HMAC = "HmacSHA1";

    /** One minted credential; {@code expiresAtUnixSec} is also the username's prefix. */
    public record Minted(String username, String credential, long expiresAtUnixSec) {}

    private final SecretKeySpec key;
    private final long ttlSec;
    private final Clock wallClock;

    public TurnCredentials(String secret, long ttlSec, Clock wallClock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.ttlSec = ttlSec;
        this.wallClock = wallClock;
    }

    /** A credential for {@code id} (a peer id) valid for the TTL from now. */
    public Minted mint(String id) {
        long expiresAt = wallClock.instant().getEpochSecond() + ttlSec;
        String username = expiresAt + ":" + id;
        return new Minted(username, credentialFor(username), expiresAt);
    }

    /** Base64(HMAC-SHA1(secret, username)): the password coturn expects for {@code username}. */
    public String credentialFor(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
