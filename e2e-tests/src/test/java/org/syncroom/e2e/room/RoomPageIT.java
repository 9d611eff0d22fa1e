package org.syncroom.e2e.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the room page shows, in Chromium with the browsers' default autoplay rule (no sound
 * until the person acts on the page): the host's invite as a link and a QR code, again after a
 * reload; a listener told in words that sound is off, with one button that turns it on; and a
 * queue of 500 files that the page lists, reorders and plays from.
 */
class RoomPageIT {
    private static RoomPages pages;

    @BeforeAll
    static void start() throws Exception {
        pages = new RoomPages();
    }

    @AfterAll
    static void stop() throws Exception {
        pages.close();
    }

    @Test
    void aReloadedHostHasItsInviteAgainAsALinkAndAQrCodeThatCarriesIt() throws Exception {
        try {
            Page host = pages.host();
            String invite = host.inputValue("#invite-url");
            assertThat(invite).startsWith(pages.base() + "?invite=");
            assertThat(QrCodes.read(host, "#invite-qr")).as("the QR code").isEqualTo(invite);

            host.reload();
            RoomPages.awaitInvite(host);
            assertThat(host.inputValue("#invite-url")).as("the invite after a reload").isEqualTo(invite);
            assertThat(QrCodes.read(host, "#invite-qr")).as("the QR code after a reload").isEqualTo(invite);
            assertThat(host.isVisible("#create-room-button")).as("no second room offered").isFalse();
        } catch (RuntimeException | AssertionError e) {
            throw pages.failure(e);
        }
    }

    @Test
    void aListenerWhoseBrowserKeepsSoundOffIsToldSoAndOneButtonTurnsItOn() {
        try {
            Page home = pages.open("home", pages.base());
            home.waitForSelector("#create-room-button");
            assertThat(home.isVisible("#start-audio")).as("no sound button on the home page").isFalse();
            assertThat(home.isVisible("#audio-unlock")).isFalse();

            Page host = pages.host();
            Page listener = pages.open("listener", host.inputValue("#invite-url"));
            listener.waitForSelector("#audio-unlock", new Page.WaitForSelectorOptions().setTimeout(RoomPages.TIMEOUT_MS));
            assertThat(listener.textContent("#audio-unlock-text")).contains("Sound is off");
            assertThat(listener.evaluate("() => window.syncRoom.player.context.state")).isEqualTo("suspended");

            listener.click("#start-audio");
            listener.waitForFunction("() => document.getElementById('audio-unlock').hidden"
                    + " && window.syncRoom.player.context.state === 'running'", null, RoomPages.waits());
            assertThat(listener.textContent("#status")).isEqualTo("Sound is on.");
        } catch (RuntimeException | AssertionError e) {
            throw pages.failure(e);
        }
    }

    @Test
    void aQueueOfFiveHundredFilesIsListedReorderedAndPlayedFrom() throws Exception {
        try {
            Path dir = Files.createTempDirectory("syncroom-500");
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                files.add(Files.write(dir.resolve(String.format("track-%03d.wav", i)), tinyWav()));
            }
            Page host = pages.host();
            long startedAt = System.nanoTime();
            host.setInputFiles("#file", files.toArray(Path[]::new));
            host.waitForFunction("() => document.querySelectorAll('#queue li').length === 500"
                    + " && !document.getElementById('play-button').disabled", null, RoomPages.waits());
            System.out.printf("[e2e] 500 files listed and the first ready to play after %.0f ms%n", (System.nanoTime() - startedAt) / 1e6);

            host.click("#queue li:last-child button[data-action=remove]");
            host.click("#queue li:last-child button[data-action=up]");
            assertThat(host.evaluate("() => [...document.querySelectorAll('#queue li .queue-title')].slice(-2).map(e => e.textContent)"))
                    .isEqualTo(List.of("track-498.wav", "track-497.wav"));
            assertThat(host.evaluate("() => document.activeElement.getAttribute('aria-label')"))
                    .as("the focus stays on the moved entry").isEqualTo("Move track-498.wav up");
            host.click("#next-button");
            // Next plays track-001, and as each 0.1 s track ends the next one starts by itself.
            host.waitForFunction("() => { const s = window.syncRoom.snapshot(); return s.track.trackSeq >= 3 && s.playback.playing; }",
                    null, RoomPages.waits());
            assertThat(host.evaluate("() => document.querySelector('#queue li[aria-current] .queue-title').textContent"))
                    .asString().matches("track-0(0[2-9]|[1-9][0-9])\\.wav");
            assertThat(host.textContent("#queue-count")).isEqualTo("(499)");
        } catch (RuntimeException | AssertionError e) {
            throw pages.failure(e);
        }
    }

    /** A WAV of 0.1 s of silence, 48 kHz mono 16-bit: the smallest file a queue can play. */
    private static byte[] tinyWav() {
        int frames = 4_800;
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(48_000).putInt(96_000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(frames * 2);
        return b.array();
    }
}
