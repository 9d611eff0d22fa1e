package org.syncroom.signaling.room;

import org.syncroom.signaling.protocol.ConnectionKind;

/**
 * A page's word about itself, checked and cleaned (RoomService): a display name of at most
 * {@link #MAX_NAME_CHARS} characters without control or direction-override characters, a
 * browser name of at most {@link #MAX_BROWSER_CHARS} plain characters, finite bounded numbers.
 *
 * @param offsetMs the page's estimate of server time minus the server's time as it read the status
 */
public record MemberStatus(String name, String browser, ConnectionKind connection, double offsetMs,
                           double bufferAheadSec, int missed) {
    public static final int MAX_NAME_CHARS = 40;
    public static final int MAX_BROWSER_CHARS = 24;
}
