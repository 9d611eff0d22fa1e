package org.syncroom.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One member in a {@code roster}: what its page last said of itself ({@code member-status}) and
 * how far its clock is off as the server sees it. The status fields are null until the page's
 * first status arrives.
 *
 * @param name           the display name the person chose ("" for none); text, never markup
 * @param browser        a short browser name the page derived from its user agent ("" for none)
 * @param offsetMs       the page's estimate of server time minus the server's time as it read
 *                       the status (the least delayed of the last few; a one-way delay makes it negative)
 * @param bufferAheadSec audio held ahead of the play position
 * @param missed         chunks whose time came before they arrived, since the page joined
 */
public record RosterEntry(String peerId, Role role, String name, String browser, ConnectionKind connection,
                          Double offsetMs, Double bufferAheadSec, Integer missed) {

    /** Every byte of an entry but its values: keys, quotes, colons, commas, braces. */
    private static final int FIELD_BYTES =
            "{\"peerId\":\"\",\"role\":\"\",\"name\":\"\",\"browser\":\"\",\"connection\":\"\",\"offsetMs\":,\"bufferAheadSec\":,\"missed\":}"
                    .length();
    /** Longest text of a double ({@code -1.2345678901234567E-300}) or an int; also covers {@code null}. */
    private static final int NUMBER_BYTES = 24;
    /** Longest enum wire name (role or connection kind). */
    private static final int KIND_BYTES = 8;

    /**
     * An upper bound of this entry's size as JSON (UTF-8): every string at its UTF-8 length with
     * each character JSON escapes counted six times over, every number at its longest.
     */
    public int maxWireBytes() {
        return FIELD_BYTES + jsonBytes(peerId) + KIND_BYTES + jsonBytes(name) + jsonBytes(browser) + KIND_BYTES
                + 3 * NUMBER_BYTES;
    }

    private static int jsonBytes(String s) {
        if (s == null) {
            return 4;
        }
        int escapes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                escapes++;
            }
        }
        return s.getBytes(StandardCharsets.UTF_8).length + 5 * escapes;
    }
}
