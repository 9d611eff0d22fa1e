package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A listener whose server connection is gone for good still follows the host: the audio
 * and the host's sync pulses (play/pause/seek state stamped in server time) come over the
 * WebRTC data channel, and its clock keeps the drift it had learnt. Then the other listener's
 * upstream is cut: its page warns within a second and claims "in sync" at no moment while cut.
 */
class ListenerCutOffFromServerFollowsHostIT {

    @Test
    void listenerWithoutServerConnectionFollowsASeekInSyncAndOneCutFromItsUpstreamIsTold() throws Exception {
        // 60 s: after the seek to 25 s the upstream cut and the refill after it need some 20 s of track.
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 60, session -> {
            List<ListeningSession.Listener> listeners =
                    session.joinAndPlay(List.of(ClockSkew.forListener(0), ClockSkew.forListener(1)));
            ListeningSession.Listener connected = listeners.get(0);
            ListeningSession.Listener cutOff = listeners.get(1);
            session.awaitRoomPosition(1.2);

            session.cutServerConnection(cutOff, true);
            session.awaitRoomPosition(session.roomPosition() + 1);
            session.seek(25);
            session.awaitRoomPosition(29.2);

            assertThat(session.serverConnected(cutOff)).as("cut-off listener's server socket is open").isFalse();
            double instant = session.serverNowOf(connected);
            double expected = session.positionOf(connected, instant);
            assertThat(expected).as("position after seeking to 25 s").isBetween(25.0, 35.0);
            assertThat(session.positionOf(cutOff, instant)).isCloseTo(expected, within(0.05));

            List<Recording> recordings = session.recordings();
            AlignmentReport report = AlignmentReport.of(recordings);
            System.out.println(report.describe());
            assertThat(report.levelMismatches()).as("clicks matched to a different click")
                    .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
            // The two recordings are fetched one after the other, so either may hold one
            // click more than the other: compare the last click both rendered, and require
            // the cut-off listener's newest click to be at most one click period older.
            List<Recording.Click> a = recordings.get(0).clicks();
            List<Recording.Click> b = recordings.get(1).clicks();
            double lastOfBoth = Math.min(a.get(a.size() - 1).atMs(), b.get(b.size() - 1).atMs());
            assertThat(nearest(b, lastOfBoth) - nearest(a, lastOfBoth))
                    .as("last click both rendered, ms the cut-off listener is behind listener-0")
                    .isCloseTo(0, within(Bounds.SPREAD_MS));
            assertThat(a.get(a.size() - 1).atMs() - b.get(b.size() - 1).atMs())
                    .as("cut-off listener still rendering at the end: its newest click is this many ms older")
                    .isLessThan(ClickTrack.CLICK_INTERVAL_SEC * 1000 + Bounds.SPREAD_MS);

            assertToldWhileItsUpstreamIsCut(session, connected);
            return null;
        });
    }

    /** Page-side watch of what the person sees, taken on every change of the page (MutationObserver). */
    private static final String WATCH_WHAT_IS_SHOWN = """
            () => {
              const warning = document.getElementById('buffer-warning');
              const sync = document.getElementById('sync-info');
              const watch = { startMs: performance.now(), warnedAfterMs: null, warning: null,
                              inSyncWhileWarned: [], warningGoneWhileCut: 0 };
              const look = () => {
                if (watch.stopped) return;
                const severe = !warning.hidden && warning.classList.contains('severe');
                if (watch.warnedAfterMs === null && severe) {
                  watch.warnedAfterMs = performance.now() - watch.startMs;
                  watch.warning = warning.textContent;
                }
                if (watch.warnedAfterMs !== null && !severe) watch.warningGoneWhileCut++;
                if (watch.warnedAfterMs !== null && sync.textContent.includes('in sync with')) {
                  watch.inSyncWhileWarned.push(sync.textContent);
                }
              };
              new MutationObserver(look).observe(document.body,
                  { subtree: true, childList: true, characterData: true, attributes: true });
              window.__shownWhileCut = watch;
            }
            """;

    /**
     * With everything from its upstream dropped, the listener's page shows its severe buffer
     * warning within 1 s, and from then until the cut is lifted never says "in sync" nor drops the
     * warning; once restored, audio flows and the warning clears.
     */
    @SuppressWarnings("unchecked")
    private static void assertToldWhileItsUpstreamIsCut(ListeningSession session, ListeningSession.Listener listener) {
        Page page = listener.page();
        page.evaluate(WATCH_WHAT_IS_SHOWN); // started just before the cut: its times are upper bounds
        session.cutUpstream(listener);
        // About 4 s are held ahead: after 5 s the buffer has run dry and chunks went missing.
        session.awaitRoomPosition(session.roomPosition() + 5);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "listener-upstream-cut.png")));
        Map<String, Object> shown = (Map<String, Object>) page.evaluate(
                "() => { window.__shownWhileCut.stopped = true; return window.__shownWhileCut; }");
        Map<String, Object> health = (Map<String, Object>) session.snapshot(listener).get("bufferHealth");
        session.restoreUpstream(listener);
        System.out.println("[e2e] shown while cut: " + shown + "; buffer health " + health);

        assertThat(shown.get("warnedAfterMs")).as("the cut listener warned").isNotNull();
        assertThat(((Number) shown.get("warnedAfterMs")).doubleValue()).as("ms from the cut to the warning")
                .isLessThan(1000);
        assertThat((List<?>) shown.get("inSyncWhileWarned")).as("\"in sync\" shown while warned").isEmpty();
        assertThat(((Number) shown.get("warningGoneWhileCut")).intValue()).as("changes showing no warning while cut")
                .isZero();
        assertThat(health.get("level")).as("buffer level after 5 s cut").isIn("starving", "silent");
        assertThat(((Number) health.get("missing")).intValue()).as("chunks missing after 5 s cut").isPositive();

        long restoredAt = System.nanoTime();
        page.waitForFunction("() => { const s = window.syncRoom.snapshot();"
                + " return s.bufferHealth.level === 'ok' && document.getElementById('buffer-warning').hidden"
                + " && document.getElementById('sync-info').textContent.includes('in sync with'); }",
                null, new Page.WaitForFunctionOptions().setTimeout(10_000));
        System.out.printf("[e2e] warning cleared %.1f s after the upstream was restored%n", (System.nanoTime() - restoredAt) / 1e9);
    }

    private static double nearest(List<Recording.Click> clicks, double atMs) {
        return clicks.stream().mapToDouble(Recording.Click::atMs)
                .reduce((x, y) -> Math.abs(x - atMs) <= Math.abs(y - atMs) ? x : y).orElseThrow();
    }
}
