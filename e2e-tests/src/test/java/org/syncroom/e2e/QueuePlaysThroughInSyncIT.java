package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The host queues three short click tracks with a file no browser can decode between the first
 * and the second; the second's tags hold markup. The room plays the three through by itself, the
 * listeners in step from the first click to the last, the broken file skipped with a note, and
 * no tag becomes markup on any page.
 */
class QueuePlaysThroughInSyncIT {
    private static final double TRACK_SEC = 4;
    private static final String MARKUP_TITLE = "<img src=x onerror=\"window.__injected='title'\">";
    private static final String MARKUP_ARTIST = "<script>window.__injected='artist'</script>";

    @Test
    void aQueueOfThreeShortTracksPlaysThroughInSyncSkippingAFileThatCannotBeDecoded() throws Exception {
        ListeningSession.with(line -> System.out.println("[e2e] " + line), TRACK_SEC, session -> {
            Path dir = Files.createTempDirectory("syncroom-queue");
            Path broken = Files.write(dir.resolve("broken.mp3"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            Path second = new ClickTrack(TRACK_SEC).writeTo(dir, "second.wav", MARKUP_ARTIST, MARKUP_TITLE);
            Path third = new ClickTrack(TRACK_SEC).writeTo(dir, "third.wav", "Third Artist", "Third");
            session.addToQueue(List.of(broken, second, third));

            List<ListeningSession.Listener> listeners =
                    session.joinAndPlay(List.of(ClockSkew.forListener(1), ClockSkew.forListener(2)));
            Page host = session.hostPage();
            ListeningSession.Listener first = listeners.get(0);
            first.page().waitForFunction("t => document.getElementById('track-title').textContent.includes(t)",
                    MARKUP_TITLE, new Page.WaitForFunctionOptions().setTimeout(60_000));
            host.waitForFunction("() => { const s = window.syncRoom.snapshot(); return s.track && s.track.title === 'Third Artist – Third'"
                    + " && s.playback.playing; }", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            session.awaitRoomPosition(TRACK_SEC + 0.6);

            for (Page page : List.of(host, first.page(), listeners.get(1).page())) {
                assertThat(page.evaluate("() => window.__injected ?? null")).as("no tag ran as script").isNull();
                assertThat(page.evaluate("() => document.querySelectorAll('img[src=\"x\"], #now-playing script, #queue script').length"))
                        .as("no tag became an element").isEqualTo(0);
            }
            assertThat(host.textContent("#queue")).contains(MARKUP_TITLE).contains("cannot decode");
            assertThat(host.evaluate("() => document.querySelector('#queue li.failed .queue-title').textContent"))
                    .isEqualTo("broken.mp3");
            assertThat(host.evaluate("() => window.syncRoom.snapshot().track.trackSeq")).as("three tracks announced")
                    .isEqualTo(3);

            List<Recording> recordings = session.recordings();
            AlignmentReport report = AlignmentReport.of(recordings);
            System.out.println(report.describe());
            assertThat(report.levelMismatches()).isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().max()).isLessThan(Bounds.SPREAD_MS);
            // Each track clicks every 0.5 s from 0.5 s on: 7 a track, 21 over the three.
            for (Recording r : recordings) {
                assertThat(r.clicks()).as(r.name() + " clicks over the three tracks").hasSizeGreaterThanOrEqualTo(20);
            }
            return null;
        });
    }
}
