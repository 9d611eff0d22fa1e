package org.syncroom.signaling.together;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.syncroom.signaling.together.job.SessionWindow;

/**
 * The latest sessions, in memory, serialised once per window and handed to every viewer: many
 * viewers cost one JSON encoding a second. A window with no shared track keeps the last one
 * with sessions on show for {@link #HOLD_MS}, so a quiet second does not blank the globe.
 */
public final class LatestSessions {
    public static final long HOLD_MS = 5_000;
    /** Viewers on the push channel at once; more are refused (they can poll /latest). */
    public static final int MAX_VIEWERS = 10_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Set<Consumer<byte[]>> viewers = ConcurrentHashMap.newKeySet();
    private final LongSupplier clockMs;
    private final Consumer<SessionWindow> windowListener;
    private volatile GlobeSnapshot snapshot;
    private volatile byte[] encoded;

    public LatestSessions(GlobeStatus initial, LongSupplier clockMs, Consumer<SessionWindow> windowListener) {
        this.clockMs = clockMs;
        this.windowListener = windowListener;
        set(GlobeSnapshot.empty(initial, clockMs.getAsLong()));
    }

    /** Called by the job's sink for every window. */
    public synchronized void publish(SessionWindow window) {
        windowListener.accept(window);
        long now = clockMs.getAsLong();
        GlobeSnapshot current = snapshot;
        boolean holding = window.sessions.length == 0 && !current.sessions().isEmpty()
                && now - current.windowEndMs() < HOLD_MS;
        set(holding ? current.withStatus(GlobeStatus.LIVE, now) : GlobeSnapshot.of(GlobeStatus.LIVE, now, window));
    }

    /** Pushes a status change (paused, live again) to every viewer. */
    public synchronized void status(GlobeStatus status) {
        if (snapshot.status() != status) {
            set(snapshot.withStatus(status, clockMs.getAsLong()));
        }
    }

    public GlobeSnapshot snapshot() {
        return snapshot;
    }

    /** The snapshot as JSON, encoded once. */
    public byte[] json() {
        return encoded;
    }

    /** Adds a viewer and sends it the current snapshot; false when {@link #MAX_VIEWERS} are on. */
    public boolean subscribe(Consumer<byte[]> viewer) {
        if (viewers.size() >= MAX_VIEWERS) {
            return false;
        }
        viewers.add(viewer);
        viewer.accept(encoded);
        return true;
    }

    public void unsubscribe(Consumer<byte[]> viewer) {
        viewers.remove(viewer);
    }

    public int viewers() {
        return viewers.size();
    }

    private void set(GlobeSnapshot value) {
        try {
            encoded = json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot of records and strings always encodes", e);
        }
        snapshot = value;
        for (Consumer<byte[]> viewer : viewers) {
            viewer.accept(encoded);
        }
    }
}
