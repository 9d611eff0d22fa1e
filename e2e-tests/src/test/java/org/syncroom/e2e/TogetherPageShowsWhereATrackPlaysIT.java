package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syncroom.e2e.globe.CityAddressPool;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.GlobeStatus;
import org.syncroom.signaling.together.TogetherConfig;

/**
 * The globe fed by real rooms: two rooms play the same tagged file, each with two listener
 * pages in Chromium. One host ticked "show this room on the public globe"; its listeners'
 * plays reach the embedded job and the /together page (software WebGL) shows the track, named
 * from the file's tags, in both their cities. The other room's listeners never show up.
 *
 * <p>Every page connects from 127.0.0.1 inside the test's network namespace, so where a listener
 * is comes from a test-only stand-in for a reverse proxy: the server trusts 127.0.0.1/32 as a
 * proxy ({@code --trusted-proxy}) and each listener's browser context sends
 * {@code X-Forwarded-For} with a real address the GeoIP database places in a known city.
 */
class TogetherPageShowsWhereATrackPlaysIT {
    private static final File DB = new File("..", TogetherConfig.BUNDLED_GEOIP_DB);
    private static final File IPV6_DB = new File("..", TogetherConfig.BUNDLED_GEOIP_IPV6_DB);
    private static final double TRACK_SEC = 30;
    private static final String TRACK = "Test Artist - Shared Song (0:30)";
    /** From the moment both listeners hear the track to the page showing it (the issue asks 3 s). */
    private static final long SHOWN_WITHIN_MS = 3_000;
    /** How long the other room is watched for, once the first room shows. */
    private static final long WATCHED_MS = 4_000;
    private static final double WAIT_MS = 60_000;

    @Test
    @SuppressWarnings("unchecked")
    void listenersOfARoomOnTheGlobeShowInTheirCitiesAndARoomOffItNever() throws Exception {
        Map<String, String> addresses = new java.util.HashMap<>(CityAddressPool.firstIn(DB,
                List.of("Sydney/AU", "Berlin/DE", "London/GB")));
        // The Tokyo listener comes over IPv6: its city is looked up in DB-IP's IPv6 file.
        addresses.putAll(CityAddressPool.firstIn(IPV6_DB, List.of("Tokyo/JP")));
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withTogether(TogetherConfig.off().with("--geoip-db", DB.getPath())
                        .with("--geoip-db-ipv6", IPV6_DB.getPath()))
                .withTrustedProxies(List.of("127.0.0.1/32"));
        Path dir = Files.createTempDirectory("syncroom-globe-e2e");
        ClickTrack clicks = new ClickTrack(TRACK_SEC);
        Path shared = clicks.writeTo(dir, "shared.wav", "Test Artist", "Shared Song");
        Path privately = clicks.writeTo(dir, "private.wav", "Test Artist", "Shared Song");
        List<String> log = new ArrayList<>();
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start();
             Playwright playwright = Browsers.playwright();
             Browser browser = Browsers.chromiumWithWebGl(playwright)) {
            String base = "http://127.0.0.1:" + server.port();
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (server.globe().status() != GlobeStatus.LIVE && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(100);
            }
            try {
                Page onHost = host(browser, base, shared, true, log);
                Page offHost = host(browser, base, privately, false, log);
                List<Page> onListeners = List.of(
                        listener(browser, onHost, addresses.get("Sydney/AU"), log),
                        listener(browser, onHost, addresses.get("Tokyo/JP"), log));
                List<Page> offListeners = List.of(
                        listener(browser, offHost, addresses.get("Berlin/DE"), log),
                        listener(browser, offHost, addresses.get("London/GB"), log));
                for (Page page : concat(onListeners, offListeners)) {
                    page.waitForFunction("() => { const s = window.syncRoom?.snapshot(); return s && s.role === 'listener'"
                            + " && s.clockSynced && s.envelopes && s.envelopes.chunks > 0; }", null, waits());
                }
                for (Page page : onListeners) {
                    assertThat(page.isVisible("#on-globe")).as("a listener is told its room is on the globe").isTrue();
                    assertThat(page.textContent("#track-title")).isEqualTo("Test Artist – Shared Song");
                }
                for (Page page : offListeners) {
                    assertThat(page.isVisible("#on-globe")).isFalse();
                }

                // A touch screen's browser: the tour's buttons must answer taps, not only clicks.
                Page globe = browser.newContext(new Browser.NewContextOptions().setHasTouch(true)).newPage();
                globe.navigate(base + "/together/");
                globe.waitForFunction("() => window.syncRoomTogether?.state().snapshots > 0");
                assertThat(globe.textContent("#headline")).isEqualTo("Nothing is playing together right now.");

                // Listeners start hearing within milliseconds of each other: play is pressed so that
                // the moment they do (800 ms after the press) lies mid-window, where a 1 s window
                // boundary cannot fall between their plays.
                while (Math.floorMod(System.currentTimeMillis() - 700, 1000) > 100) {
                    Thread.sleep(5);
                }
                press(onHost, "#play-button");
                press(offHost, "#play-button");
                double heardAtMs = ((Number) onHost.evaluate("() => window.syncRoom.snapshot().playback.at"))
                        .doubleValue();
                globe.waitForFunction("track => { const s = window.syncRoomTogether.state();"
                        + " return s.track === track && s.cities.length >= 2; }", TRACK,
                        new Page.WaitForFunctionOptions().setTimeout(WAIT_MS).setPollingInterval(20));
                double shownAfterMs = System.currentTimeMillis() - heardAtMs;
                System.out.printf("[e2e] /together showed the room's track %.0f ms after its listeners started"
                        + " hearing it%n", shownAfterMs);

                Map<?, ?> state = (Map<?, ?>) globe.evaluate("() => window.syncRoomTogether.state()");
                assertThat(state.get("renderer")).isEqualTo("webgl");
                assertThat((List<Object>) state.get("cities")).containsExactlyInAnyOrder("Sydney, Australia", "Tokyo, Japan");
                assertThat(globe.textContent("#headline")).isEqualTo(TRACK);
                assertThat(globe.textContent("footer")).contains("IP Geolocation by DB-IP");
                globe.keyboard().press("ArrowRight");
                String overAfterKey = globe.textContent("#here");
                assertThat(overAfterKey).startsWith("Now over ");
                // Judged against the city shown just before the tap: a snapshot in between may have
                // moved the tour (a city missing from one window sends it back to the first). Headless
                // Chromium under load sometimes takes a tap as no click at all (the tour stayed put, its
                // state unchanged), so the tap is tried twice, within the tour's 4 s dwell; one must move it.
                int taps = 0;
                boolean moved = false;
                String overBeforeTap = globe.textContent("#here");
                while (!moved && taps < 2) {
                    overBeforeTap = globe.textContent("#here");
                    globe.tap("#next");
                    taps++;
                    try {
                        globe.waitForFunction("before => document.getElementById('here').textContent !== before",
                                overBeforeTap, new Page.WaitForFunctionOptions().setTimeout(1_500).setPollingInterval(50));
                        moved = true;
                    } catch (com.microsoft.playwright.TimeoutError e) {
                        System.out.println("[e2e] a tap on Next was not taken as a click; tapping again");
                    }
                }
                assertThat(globe.textContent("#here")).as("a tap on Next moves to the other city (taps: " + taps + ")")
                        .startsWith("Now over ").isNotEqualTo(overBeforeTap);
                long watchUntil = System.currentTimeMillis() + WATCHED_MS;
                while (System.currentTimeMillis() < watchUntil) {
                    String latest = (String) globe.evaluate("() => fetch('/api/together/latest').then(r => r.text())");
                    assertThat(latest).doesNotContain("Berlin").doesNotContain("London").doesNotContain("private");
                    assertThat((List<Object>) ((Map<?, ?>) globe.evaluate("() => window.syncRoomTogether.state()"))
                            .get("cities")).hasSizeLessThanOrEqualTo(2);
                    Thread.sleep(200);
                }
                globe.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "together-page.png")));
                assertThat(server.globe().counters().accepted()).as("one play per listener of the room on the globe")
                        .isEqualTo(2);
                assertThat(shownAfterMs).isLessThan(SHOWN_WITHIN_MS);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- browser log ---\n" + String.join("\n", log), e);
            }
        }
    }

    /** A host page that created a room, chose whether it is on the globe, and loaded {@code track}. */
    private static Page host(Browser browser, String base, Path track, boolean onGlobe, List<String> log) {
        Page page = page(browser.newContext(), "host" + (onGlobe ? "-on-globe" : "-off-globe"), log);
        page.navigate(base + "/");
        page.click("#create-room-button");
        page.waitForFunction("() => document.getElementById('invite-url').value.includes('invite=')"
                + " && !document.getElementById('host-panel').hidden", null, waits());
        if (onGlobe) {
            page.check("#globe-opt-in");
        }
        page.setInputFiles("#file", track);
        page.waitForFunction("() => !document.getElementById('play-button').disabled", null, waits());
        return page;
    }

    /** A listener of the host's room whose requests carry {@code X-Forwarded-For: address}. */
    private static Page listener(Browser browser, Page host, String address, List<String> log) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setExtraHTTPHeaders(Map.of("X-Forwarded-For", address)));
        Page page = page(context, "listener@" + address, log);
        page.navigate(host.inputValue("#invite-url"));
        return page;
    }

    private static Page page(BrowserContext context, String name, List<String> log) {
        // With media permissions Chromium offers plain host candidates instead of mDNS names,
        // which nothing resolves in the test's network namespace (as ListeningSession does).
        context.grantPermissions(List.of("microphone", "camera"));
        Page page = context.newPage();
        page.onConsoleMessage(m -> log.add(name + " console." + m.type() + ": " + m.text()));
        page.onPageError(e -> log.add(name + " page error: " + e));
        return page;
    }

    private static void press(Page host, String button) {
        host.click(button);
        host.waitForFunction("() => { const p = window.syncRoom.snapshot().playback; return p && p.playing; }",
                null, waits());
    }

    private static List<Page> concat(List<Page> a, List<Page> b) {
        List<Page> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Page.WaitForFunctionOptions waits() {
        return new Page.WaitForFunctionOptions().setTimeout(WAIT_MS).setPollingInterval(50);
    }
}
