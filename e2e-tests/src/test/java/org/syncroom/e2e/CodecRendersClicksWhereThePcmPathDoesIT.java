package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;

/**
 * The click track encoded and decoded through the project's codec modules (web/app/codecs/) in
 * a real browser, as a listener decodes it: Opus renders every click within 0.1 ms of where the
 * pcm16 path renders it, from the first chunk after a join, after a seek (a new encoder session)
 * and from the start. In Chromium, and in Firefox ESR where it is installed.
 */
class CodecRendersClicksWhereThePcmPathDoesIT {
    private static final int SAMPLE_RATE = 48_000;
    /** 0.1 ms at 48 kHz. */
    private static final double MAX_SHIFT_FRAMES = 4.8;
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Map<String, Object> SCENARIO = Map.of(
            "trackSec", 40, "joinChunk", 20, "seekChunk", 120, "spanChunks", 12);

    private static SignalingServer server;
    private static Playwright playwright;

    @BeforeAll
    static void startServer() throws Exception {
        server = Guice.createInjector(new SignalingModule(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)))
                .getInstance(SignalingServer.class).start();
        playwright = Browsers.playwright();
    }

    @AfterAll
    static void stop() throws Exception {
        playwright.close();
        server.close();
    }

    @Test
    void opusInChromiumRendersEveryClickWithinATenthOfAMillisecondOfPcm() throws Exception {
        compare(Browsers.chromium(playwright));
    }

    @Test
    void opusInFirefoxRendersEveryClickWithinATenthOfAMillisecondOfPcm() throws Exception {
        assertThat(Files.isExecutable(FIREFOX)).as(FIREFOX + " (./run-tests installs firefox-esr)").isTrue();
        compare(playwright.firefox().launch(new BrowserType.LaunchOptions()
                .setChannel("moz-firefox").setExecutablePath(FIREFOX).setHeadless(true)));
    }

    @SuppressWarnings("unchecked")
    private static void compare(Browser browser) throws IOException {
        try (browser) {
            Page page = browser.newPage();
            List<String> log = new ArrayList<>();
            page.onConsoleMessage(m -> log.add(m.type() + ": " + m.text()));
            page.navigate("http://127.0.0.1:" + server.port() + "/");
            String script = script();
            Function<String, Map<String, Object>> run = codec -> {
                Map<String, Object> args = new java.util.HashMap<>(SCENARIO);
                args.put("codecName", codec);
                return (Map<String, Object>) page.evaluate(script, args);
            };
            Map<String, Object> pcm = run.apply("pcm16");
            Map<String, Object> opus = run.apply("opus");
            System.out.printf("[codec] %s: opus %.0f B/s, pcm16 %.0f B/s; opus decoder cold starts %s%n",
                    browser.browserType().name() + " " + browser.version(),
                    ((Number) opus.get("bytesPerSec")).doubleValue(), ((Number) pcm.get("bytesPerSec")).doubleValue(),
                    opus.get("coldStarts"));
            for (String scenario : List.of("join", "seek", "start")) {
                List<Map<String, Object>> expected = clicks(pcm, scenario);
                List<Map<String, Object>> actual = clicks(opus, scenario);
                assertThat(expected).as("pcm16 clicks after the " + scenario).hasSizeGreaterThanOrEqualTo(6);
                assertThat(actual).as("opus clicks after the " + scenario + "\n" + String.join("\n", log))
                        .hasSameSizeAs(expected);
                double worst = 0;
                for (int i = 0; i < expected.size(); i++) {
                    double shift = frame(actual.get(i)) - frame(expected.get(i));
                    worst = Math.max(worst, Math.abs(shift));
                    assertThat(Math.abs(shift)).as("%s: click %d (pcm16 at frame %.0f) moved by opus, frames",
                            scenario, i, frame(expected.get(i))).isLessThanOrEqualTo(MAX_SHIFT_FRAMES);
                    assertThat(ClickTrack.levelIndex(level(actual.get(i))))
                            .as("%s: click %d's level", scenario, i).isEqualTo(ClickTrack.levelIndex(level(expected.get(i))));
                }
                System.out.printf("[codec] %s: %d clicks, worst shift %.0f frames (%.3f ms)%n",
                        scenario, expected.size(), worst, worst * 1000 / SAMPLE_RATE);
            }
            // The first chunk after the join and after the seek each start with a click (clicks
            // every 0.5 s, chunks of 0.25 s): it must be there, at the chunk's first frame.
            assertThat(frame(clicks(opus, "join").get(0))).isCloseTo(20 * 12_000, org.assertj.core.data.Offset.offset(MAX_SHIFT_FRAMES));
            assertThat(frame(clicks(opus, "seek").get(0))).isCloseTo(120 * 12_000, org.assertj.core.data.Offset.offset(MAX_SHIFT_FRAMES));
            assertThat(((Number) opus.get("coldStarts")).intValue()).as("chunks decoded without the chunk before them")
                    .isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> clicks(Map<String, Object> result, String scenario) {
        return (List<Map<String, Object>>) ((Map<String, Object>) result.get(scenario)).get("clicks");
    }

    private static double frame(Map<String, Object> click) {
        return ((Number) click.get("frame")).doubleValue();
    }

    private static double level(Map<String, Object> click) {
        return ((Number) click.get("level")).doubleValue();
    }

    private static String script() throws IOException {
        try (InputStream in = CodecRendersClicksWhereThePcmPathDoesIT.class.getResourceAsStream("/codec-clicks.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
