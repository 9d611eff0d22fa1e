package org.syncroom.e2e;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A room on shaped links (issue 10, "Real networks"): the host and every listener each in a
 * Chromium of its own, in a network namespace of its own, their traffic through the user-space
 * shaper ({@link ShapedPages}). The scenarios of the network-conditions test and of
 * {@code ./run-benchmark --shaped}: jitter with reordering (and a late joiner on such a link), loss
 * at a 60 ms round trip, the host's uplink capped with 8 listeners at fanout 4; optionally one
 * listener's link cut at the end, to time its page's warning.
 *
 * @param listenerLink the link of every listener (and late joiner)
 * @param hostLink     the host's link
 */
public record ShapedScenario(String name, int listeners, boolean lateJoiner, boolean cutOne, int fanout,
                             ShapedPages.Link hostLink, ShapedPages.Link listenerLink, double listenSec) {

    public static final String JITTER = "delay=40ms jitter=15ms";
    public static final String LOSS_AT_60MS_ROUND_TRIP = "delay=30ms loss=3%";
    public static final String UPLINK_6_MBIT = "rate=6mbit";
    /** Clicks in the first this many ms after play are not judged (issue 10: "after the first 2 s"). */
    public static final double SETTLE_MS = 2000;

    /** The three rooms of issue 10, "How it is shown". */
    public static List<ShapedScenario> all() {
        ShapedPages.Link none = ShapedPages.Link.of("none", "none");
        return List.of(
                new ShapedScenario("jitter", 3, true, false, 4, none, ShapedPages.Link.of(JITTER, JITTER), 12),
                new ShapedScenario("loss", 3, false, true, 4, none,
                        ShapedPages.Link.of(LOSS_AT_60MS_ROUND_TRIP, LOSS_AT_60MS_ROUND_TRIP), 10),
                new ShapedScenario("uplink-cap", 8, false, false, 4, ShapedPages.Link.of(UPLINK_6_MBIT, "none"), none, 8));
    }

    /**
     * What one listener page went through. {@code openToSoundMs}: from opening the invite link
     * (navigation start) to the first sound; {@code joinToSoundMs}: from its join leaving the page.
     */
    public record ListenerResult(String name, boolean late, int clicksJudged, int clicksMissed, int chunksRecovered,
                                 int chunksMissing, int chunksLate, Double openToSoundMs, Double joinToSoundMs,
                                 Map<String, Object> leadMs,
                                 Map<String, Object> repairs, List<Double> missedAtSec, Map<String, Double> milestones,
                                 Map<String, Object> codec) {}

    /**
     * @param warnedAfterMs the cut listener's page: ms from its link's cut to its severe warning (null: none, or no cut)
     * @param streamBytesPerSec the host's audio bytes a second per link it feeds, over the listening
     */
    public record Result(String scenario, String codec, AlignmentReport alignment, List<ListenerResult> listeners,
                         Double warnedAfterMs, boolean inSyncShownWhileWarned, double streamBytesPerSec,
                         String machineLoad) {}

    /** Runs the scenario with the host streaming {@code codec} ("opus" or "pcm16"). */
    public Result run(String codec, Consumer<String> progress) throws Exception {
        double trackSec = listenSec + 12;
        ShapedPages.Profiles profiles = page -> page.equals("host") ? hostLink : listenerLink;
        return ListeningSession.withShapedNetwork(line -> progress.accept("[" + name + "/" + codec + "] " + line),
                trackSec, config -> config.withFanout(fanout, fanout), codec, profiles, session -> {
            List<ClockSkew> skews = new ArrayList<>();
            for (int i = 0; i < listeners; i++) {
                skews.add(ClockSkew.forListener(i));
            }
            // The late joiner's browser is started now, before play: a Chromium starting takes most
            // of a core for a second, which would starve the other pages while they are measured.
            if (lateJoiner) {
                session.prepareBrowser("late-0");
            }
            List<ListeningSession.Listener> joined = session.joinAndPlay(skews);
            long bytesAtPlay = hostBytesSent(session);
            long playedAtNs = System.nanoTime();
            if (lateJoiner) {
                session.awaitRoomPosition(3);
                ListeningSession.Listener late = session.join("late-0", ClockSkew.forListener(listeners), true);
                session.awaitFed(late);
            }
            session.awaitRoomPosition(listenSec);
            double streamBytesPerSec = (hostBytesSent(session) - bytesAtPlay) / ((System.nanoTime() - playedAtNs) / 1e9)
                    / Math.max(1, hostLinks(session));
            double endMs = System.currentTimeMillis() - 1500; // clicks up to here have been rendered everywhere
            List<Recording> recordings = session.recordings();
            List<ListenerResult> results = new ArrayList<>();
            double playStartMs = recordings.stream().filter(r -> !r.lateJoiner() && !r.clicks().isEmpty())
                    .mapToDouble(r -> r.clicks().get(0).atMs()).min().orElse(endMs) - ClickTrack.clickTime(0) * 1000;
            AlignmentReport alignment = AlignmentReport.of(recordings.stream()
                    .map(r -> settled(r, playStartMs + SETTLE_MS)).toList());
            for (ListeningSession.Listener listener : session.listeners()) {
                Recording recording = recordings.stream().filter(r -> r.name().equals(listener.name())).findFirst().orElseThrow();
                results.add(resultOf(session, listener, recording, playStartMs, endMs));
            }
            Double warnedAfterMs = null;
            boolean inSyncWhileWarned = false;
            if (cutOne) {
                Map<String, Object> shown = cutAndWatch(session, joined.get(0));
                warnedAfterMs = shown.get("warnedAfterMs") == null ? null : ((Number) shown.get("warnedAfterMs")).doubleValue();
                inSyncWhileWarned = !((List<?>) shown.get("inSyncWhileWarned")).isEmpty();
            }
            return new Result(name, codec, alignment, results, warnedAfterMs, inSyncWhileWarned, streamBytesPerSec,
                    machineLoad());
        });
    }

    /**
     * Clicks judged and missed: every click of the track due between SETTLE_MS after play (for a
     * late joiner, after its first sound) and {@code endMs} must have been rendered, at its place
     * (within half an interval of where it is due on the timeline the first listeners heard).
     */
    @SuppressWarnings("unchecked")
    private static ListenerResult resultOf(ListeningSession session, ListeningSession.Listener listener, Recording r,
                                           double playStartMs, double endMs) {
        double fromMs = playStartMs + SETTLE_MS;
        if (r.lateJoiner()) {
            fromMs = Math.max(fromMs, r.firstSoundMs() == null ? endMs : r.firstSoundMs() + SETTLE_MS);
        }
        double intervalMs = ClickTrack.CLICK_INTERVAL_SEC * 1000;
        int judged = 0;
        int missed = 0;
        List<Double> missedAtSec = new ArrayList<>();
        for (int k = 0; ; k++) {
            double dueMs = playStartMs + ClickTrack.clickTime(k) * 1000;
            if (dueMs > endMs) {
                break;
            }
            if (dueMs < fromMs) {
                continue;
            }
            judged++;
            boolean heard = r.clicks().stream().anyMatch(c -> Math.abs(c.atMs() - dueMs) < intervalMs / 2);
            if (!heard) {
                missed++;
                missedAtSec.add(ClickTrack.clickTime(k));
            }
        }
        Map<String, Object> snapshot = session.snapshot(listener);
        Map<String, Object> health = (Map<String, Object>) snapshot.get("bufferHealth");
        return new ListenerResult(listener.name(), listener.late(), judged, missed,
                ((Number) health.get("recovered")).intValue(), ((Number) health.get("missing")).intValue(),
                ((Number) health.get("late")).intValue(), r.joinToFirstSoundMs(), r.joinSentToFirstSoundMs(),
                (Map<String, Object>) snapshot.get("leadMs"), (Map<String, Object>) snapshot.get("repairs"), missedAtSec,
                r.milestones(), (Map<String, Object>) snapshot.get("codec"));
    }

    /** The recording's clicks from {@code fromMs} on (a late joiner's from 2 s after its first sound). */
    private static Recording settled(Recording r, double fromMs) {
        double from = r.lateJoiner() && r.firstSoundMs() != null ? Math.max(fromMs, r.firstSoundMs() + SETTLE_MS) : fromMs;
        return new Recording(r.name(), r.lateJoiner(), r.openedAtMs(), r.firstSoundMs(),
                r.clicks().stream().filter(c -> c.atMs() >= from).toList(), r.milestones());
    }

    private static long hostBytesSent(ListeningSession session) {
        return ((Number) session.hostSnapshot().get("bytesSentDownstream")).longValue();
    }

    private static int hostLinks(ListeningSession session) {
        return ((Number) session.hostSnapshot().get("downstreamLinks")).intValue();
    }

    /** Page-side watch of what the person sees, on every change of the page (MutationObserver). */
    private static final String WATCH_WHAT_IS_SHOWN = """
            () => {
              const warning = document.getElementById('buffer-warning');
              const sync = document.getElementById('sync-info');
              const watch = { startMs: performance.now(), warnedAfterMs: null, inSyncWhileWarned: [] };
              const look = () => {
                if (watch.stopped) return;
                const severe = !warning.hidden && warning.classList.contains('severe');
                if (watch.warnedAfterMs === null && severe) watch.warnedAfterMs = performance.now() - watch.startMs;
                if (watch.warnedAfterMs !== null && sync.textContent.includes('in sync with')) {
                  watch.inSyncWhileWarned.push(sync.textContent);
                }
              };
              new MutationObserver(look).observe(document.body,
                  { subtree: true, childList: true, characterData: true, attributes: true });
              window.__shownWhileCut = watch;
            }
            """;

    /** Cuts the listener's link (both directions, nothing held arrives) and watches its page for 2 s. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cutAndWatch(ListeningSession session, ListeningSession.Listener listener)
            throws InterruptedException {
        Page page = listener.page();
        page.evaluate(WATCH_WHAT_IS_SHOWN); // started just before the cut: its times are upper bounds
        session.linkOf(listener.name()).cut();
        Thread.sleep(2000);
        Map<String, Object> shown = new LinkedHashMap<>((Map<String, Object>) page.evaluate(
                "() => { window.__shownWhileCut.stopped = true; return window.__shownWhileCut; }"));
        session.linkOf(listener.name()).mend();
        return shown;
    }

    /** The load average and Linux's CPU pressure now: how starved the pages were. */
    static String machineLoad() {
        try {
            return "loadavg " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim()
                    + "; cpu pressure " + java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/pressure/cpu")).get(0);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
