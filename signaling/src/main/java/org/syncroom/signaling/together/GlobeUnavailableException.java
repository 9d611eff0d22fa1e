package org.syncroom.signaling.together;

/** The globe cannot start as configured; the message names the flag to fix. */
public final class GlobeUnavailableException extends RuntimeException {
    public GlobeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
