package org.syncroom.signaling.together;

import java.util.Arrays;
import java.util.List;
import org.syncroom.signaling.together.job.CityPlays;
import org.syncroom.signaling.together.job.SessionWindow;
import org.syncroom.signaling.together.job.TrackSession;

/**
 * What {@code GET /api/together/latest} and each pushed event carry: the globe's status and the
 * latest window's shared tracks with their cities. No addresses and no room ids, ever.
 */
public record GlobeSnapshot(
        GlobeStatus status,
        long serverTimeMs,
        long windowStartMs,
        long windowEndMs,
        long playsInWindow,
        List<Session> sessions) {

    /** A track heard in two or more cities in the window. */
    public record Session(String track, long plays, List<CityView> cities) {}

    /** A city by ISO 3166 country code; the page names the country in the viewer's language. */
    public record CityView(String name, String countryCode, double latitude, double longitude, long plays) {}

    public static GlobeSnapshot empty(GlobeStatus status, long nowMs) {
        return new GlobeSnapshot(status, nowMs, 0, 0, 0, List.of());
    }

    public static GlobeSnapshot of(GlobeStatus status, long nowMs, SessionWindow window) {
        List<Session> sessions = Arrays.stream(window.sessions).map(GlobeSnapshot::session).toList();
        return new GlobeSnapshot(status, nowMs, window.windowStartMs, window.windowEndMs, window.playsInWindow, sessions);
    }

    public GlobeSnapshot withStatus(GlobeStatus value, long nowMs) {
        return new GlobeSnapshot(value, nowMs, windowStartMs, windowEndMs, playsInWindow, sessions);
    }

    private static Session session(TrackSession s) {
        return new Session(s.trackKey, s.plays, Arrays.stream(s.cities).map(GlobeSnapshot::city).toList());
    }

    private static CityView city(CityPlays c) {
        return new CityView(c.name, c.countryCode, c.latitude, c.longitude, c.plays);
    }
}
