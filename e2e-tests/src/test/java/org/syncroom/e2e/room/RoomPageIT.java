package org.syncroom.e2e.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the room page shows, in Chromium with the browsers' default autoplay rule (no sound
 * until the person acts on the page): the host's invite as a link and a QR code, again after a
 * reload; and a listener told in words that sound is off, with one button that turns it on.
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
}
