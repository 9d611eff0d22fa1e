package org.syncroom.signaling.room;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers: 128 random bits for secrets, 64 for public ids. */
public final class Tokens {
    private final SecureRandom random = new SecureRandom();

    public String secret() {
        return random(16);
    }

    public String id() {
        return random(8);
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
