package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syncroom.e2e.globe.CityAddressPool;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;
import org.syncroom.signaling.together.GlobeStatus;
import org.syncroom.signaling.together.Plays;
import org.syncroom.signaling.together.TogetherConfig;

/**
 * The /together page in Chromium (software WebGL) fed by the real server and its embedded job:
 * plays of one track from Sydney and Tokyo, offered through the server's play entry point as
 * rooms do, appear on the page with both cities. A screenshot is saved under target/.
 */
class TogetherPageShowsWhereATrackPlaysIT {
    private static final File DB = new File("..", TogetherConfig.BUNDLED_GEOIP_DB);
    private static final String TRACK = "Test Artist - Shared Song (3:30)";
    /** Plays reach the page one window (1 s) plus the watermark after they are made; generous like Bounds. */
    private static final long SHOWN_WITHIN_MS = 6_000;

    @Test
    @SuppressWarnings("unchecked")
    void aTrackPlayedInTwoCitiesShowsOnTheGlobeWithBothCities() throws Exception {
        Map<String, String> addresses = CityAddressPool.firstIn(DB, List.of("Sydney/AU", "Tokyo/JP"));
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withTogether(TogetherConfig.off().with("--geoip-db", DB.getPath()));
        try (SignalingServer server = Guice.createInjector(new SignalingModule(config))
                .getInstance(SignalingServer.class).start();
             Playwright playwright = Browsers.playwright();
             Browser browser = Browsers.chromiumWithWebGl(playwright)) {
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (server.globe().status() != GlobeStatus.LIVE && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(100);
            }
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + server.port() + "/together/");
            page.waitForFunction("() => window.syncRoomTogether?.state().snapshots > 0");
            assertThat(page.textContent("#headline")).isEqualTo("Nothing is playing together right now.");

            Plays plays = server.globe();
            Thread feeder = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long now = System.currentTimeMillis();
                    plays.play(now, TRACK, addresses.get("Sydney/AU"), "room-opted-in");
                    plays.play(now, TRACK, addresses.get("Tokyo/JP"), "room-opted-in");
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "e2e-plays");
            long firstPlayMs = System.currentTimeMillis();
            feeder.start();
            try {
                page.waitForFunction("track => { const s = window.syncRoomTogether.state();"
                        + " return s.track === track && s.cities.length === 2; }", TRACK,
                        new Page.WaitForFunctionOptions().setTimeout(SHOWN_WITHIN_MS));
                long shownAfterMs = System.currentTimeMillis() - firstPlayMs;
                System.out.println("[e2e] /together showed the track " + shownAfterMs + " ms after the first play");
                Map<?, ?> state = (Map<?, ?>) page.evaluate("() => window.syncRoomTogether.state()");
                assertThat(state.get("renderer")).isEqualTo("webgl");
                assertThat((List<Object>) state.get("cities")).containsExactlyInAnyOrder("Sydney, Australia", "Tokyo, Japan");
                assertThat(page.textContent("#headline")).isEqualTo(TRACK);
                assertThat(page.textContent("footer")).contains("IP Geolocation by DB-IP");
                assertThat(page.getAttribute("footer a", "href")).isEqualTo("https://db-ip.com");
                page.keyboard().press("ArrowRight");
                assertThat(page.textContent("#here")).startsWith("Now over ");
                Thread.sleep(1_600);
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "together-page.png")));
            } finally {
                feeder.interrupt();
                feeder.join();
            }
        }
    }
}
