package org.syncroom.e2e.room;

import com.google.inject.Guice;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.syncroom.e2e.Browsers;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;

/**
 * The server on loopback and a Chromium that keeps sound off until the person acts on the page
 * (the browsers' default autoplay rule), for tests of what the room page shows. Pages log into
 * one list, which a failure carries.
 */
final class RoomPages implements AutoCloseable {
    static final double TIMEOUT_MS = 30_000;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final SignalingServer server;
    private final Playwright playwright;
    private final Browser browser;

    RoomPages() throws Exception {
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)))
                .getInstance(SignalingServer.class).start();
        playwright = Browsers.playwright();
        browser = Browsers.chromiumRequiringGesture(playwright);
    }

    String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** A page in a browser context of its own (its own session storage), opened at {@code url}. */
    Page open(String name, String url) {
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        page.onConsoleMessage(m -> log.add(name + " console." + m.type() + ": " + m.text()));
        page.onPageError(e -> log.add(name + " page error: " + e));
        page.navigate(url);
        return page;
    }

    /** Opens the home page, creates a room and returns the host's page once its invite shows. */
    Page host() {
        Page host = open("host", base());
        host.click("#create-room-button");
        awaitInvite(host);
        return host;
    }

    static void awaitInvite(Page page) {
        page.waitForFunction("() => document.getElementById('invite-url').value.includes('invite=')"
                + " && !document.getElementById('invite-qr').hidden", null, waits());
    }

    static Page.WaitForFunctionOptions waits() {
        return new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(50);
    }

    AssertionError failure(Throwable e) {
        return new AssertionError(e.getMessage() + "\n--- browser log ---\n" + String.join("\n", log), e);
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
            playwright.close();
        } finally {
            server.close();
        }
    }
}
