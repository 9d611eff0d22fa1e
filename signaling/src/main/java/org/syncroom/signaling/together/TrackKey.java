package org.syncroom.signaling.together;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The track key plays are grouped by, and the title the globe shows: "Artist - Title (m:ss)"
 * from the file's tags with the duration, or the file name without its extension when the
 * tags have no title. Unicode-normalised (NFKC), control characters dropped, whitespace
 * collapsed, each part bounded, so two rooms playing the same tagged file get the same key.
 * Rooms call this once per track and pass the result to {@link Plays#play}.
 */
public final class TrackKey {
    /** Longest artist, title or file name kept, in characters. */
    public static final int MAX_PART_CHARS = 120;

    private TrackKey() {}

    public static String of(String artist, String title, double durationSec, String fileName) {
        String cleanTitle = clean(title);
        String name;
        if (!cleanTitle.isEmpty()) {
            String cleanArtist = clean(artist);
            name = cleanArtist.isEmpty() ? cleanTitle : cleanArtist + " - " + cleanTitle;
        } else {
            name = clean(withoutExtension(fileName));
        }
        if (name.isEmpty()) {
            return null;
        }
        return Double.isFinite(durationSec) && durationSec > 0 ? name + " (" + minutesSeconds(durationSec) + ")" : name;
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        return normal.length() > MAX_PART_CHARS ? normal.substring(0, MAX_PART_CHARS).trim() : normal;
    }

    private static String withoutExtension(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** 215.4 s is "3:35": whole seconds, rounded. */
    static String minutesSeconds(double seconds) {
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
