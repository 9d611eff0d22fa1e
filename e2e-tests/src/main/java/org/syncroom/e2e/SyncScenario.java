package org.syncroom.e2e;

import com.google.inject.Guice;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;

/**
 * The whole listen-together path in real browsers: a host page creates a room, loads the
 * click track and presses play; listener pages with skewed clocks open the invite link,
 * some of them only after playback has started. Every page records what it rendered.
 */
public final class SyncScenario {

    /**
     * @param listeners    listener pages open before play
     * @param lateJoiners  listener pages opened {@code lateJoinAfterSec} after play
     * @param listenSec    how long to keep listening after the last page joined
     * @param dropOneConnection cut listener-0's signalling socket when the late joiners come in
     */
    public record Config(int listeners, int lateJoiners, double lateJoinAfterSec, double listenSec,
                         boolean dropOneConnection) {
        public double trackSec() {
            return lateJoinAfterSec + listenSec + 10;
        }
    }

    public record Result(AlignmentReport report, List<Recording> recordings, List<String> browserLog,
                         String browserVersion) {}

    private static final double TIMEOUT_MS = 60_000;

    private final Consumer<String> progress;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    public SyncScenario(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Runs the scenario; a failure carries everything the pages logged. */
    public Result run(Config config) throws Exception {
        try {
            return runScenario(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n--- browser log ---\n" + String.join("\n", log), e);
        }
    }

    private Result runScenario(Config config) throws Exception {
        Path dir = Files.createTempDirectory("syncroom-e2e");
        Path track = new ClickTrack(config.trackSec()).writeTo(dir);
        ServerConfig serverConfig = ServerConfig.defaults().withHost("127.0.0.1").withPort(0);
        try (SignalingServer server = Guice.createInjector(new SignalingModule(serverConfig))
                .getInstance(SignalingServer.class).start();
             Playwright playwright = Browsers.playwright();
             Browser browser = Browsers.chromium(playwright)) {
            String base = "http://127.0.0.1:" + server.port();
            progress.accept("server on " + base + ", browser " + browser.version());

            Page host = open(browser, "host", ClockSkew.NONE, base + "/?measure");
            host.click("#create-room");
            host.waitForFunction("() => document.getElementById('invite-url').value.includes('invite=')", null,
                    waitOptions());
            String invite = host.inputValue("#invite-url") + "&measure";
            host.setInputFiles("#file", track);
            host.waitForFunction("() => !document.getElementById('play').disabled", null, waitOptions());
            progress.accept("host created the room and loaded " + track.getFileName());

            List<Page> pages = new ArrayList<>();
            for (int i = 0; i < config.listeners(); i++) {
                pages.add(open(browser, "listener-" + i, ClockSkew.forListener(i), invite));
            }
            for (Page page : pages) {
                waitUntilListening(page);
            }
            host.waitForFunction("n => window.syncRoom.streamer.sinks.size >= n", config.listeners() + 1,
                    waitOptions());
            progress.accept(config.listeners() + " listeners connected over WebRTC; pressing play");

            host.click("#play");
            host.waitForFunction("() => window.syncRoom.state.playback && window.syncRoom.state.playback.playing",
                    null, waitOptions());
            Thread.sleep((long) (config.lateJoinAfterSec() * 1000));

            if (config.dropOneConnection() && !pages.isEmpty()) {
                pages.get(0).evaluate("() => window.syncRoom.signaling.socket.close()");
                progress.accept("cut listener-0's connection to the server");
            }
            List<Page> late = new ArrayList<>();
            for (int i = 0; i < config.lateJoiners(); i++) {
                int index = config.listeners() + i;
                late.add(open(browser, "late-listener-" + i, ClockSkew.forListener(index), invite));
            }
            for (Page page : late) {
                waitUntilListening(page);
            }
            if (config.dropOneConnection() && !pages.isEmpty()) {
                waitUntilListening(pages.get(0));
            }
            if (!late.isEmpty()) {
                progress.accept(late.size() + " late joiner(s) connected mid-track");
            }
            Thread.sleep((long) (config.listenSec() * 1000));

            List<Recording> recordings = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                recordings.add(recording(pages.get(i), "listener-" + i, false));
            }
            for (int i = 0; i < late.size(); i++) {
                recordings.add(recording(late.get(i), "late-listener-" + i, true));
            }
            AlignmentReport report = AlignmentReport.of(recordings);
            return new Result(report, recordings, List.copyOf(log), browser.version());
        }
    }

    private Page open(Browser browser, String name, ClockSkew skew, String url) {
        BrowserContext context = browser.newContext();
        context.grantPermissions(List.of("microphone", "camera"));
        context.addInitScript(skew.initScript());
        Page page = context.newPage();
        page.onConsoleMessage(m -> log.add(name + " console." + m.type() + ": " + m.text()));
        page.onPageError(e -> log.add(name + " page error: " + e));
        page.navigate(url);
        return page;
    }

    private static void waitUntilListening(Page page) {
        page.waitForFunction("() => window.syncRoom && window.syncRoom.state.role === 'listener'"
                + " && window.syncRoom.clock.synced", null, waitOptions());
    }

    private static Page.WaitForFunctionOptions waitOptions() {
        return new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(50);
    }

    @SuppressWarnings("unchecked")
    private static Recording recording(Page page, String name, boolean lateJoiner) {
        Map<String, Object> measure = (Map<String, Object>) page.evaluate("() => window.__measure");
        double openedAt = ((Number) measure.get("timeOrigin")).doubleValue();
        Double firstSound = null;
        List<Recording.Click> clicks = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) measure.get("events")) {
            double at = ((Number) e.get("trueMs")).doubleValue();
            if ("sound".equals(e.get("kind"))) {
                firstSound = at;
            } else if ("click".equals(e.get("kind"))) {
                clicks.add(new Recording.Click(at, ClickTrack.levelIndex(((Number) e.get("level")).doubleValue())));
            }
        }
        Map<String, Object> marks = (Map<String, Object>) page.evaluate("() => Object.fromEntries("
                + "Object.entries(window.syncRoom.milestones).map(([k, v]) => [k, window.__measure.sinceOpen(v)]))");
        Map<String, Double> milestones = new java.util.TreeMap<>();
        marks.forEach((k, v) -> milestones.put(k, ((Number) v).doubleValue()));
        milestones.put("connections", ((Number) page.evaluate("() => window.syncRoom.state.connections"))
                .doubleValue());
        return new Recording(name, lateJoiner, openedAt, firstSound, clicks, milestones);
    }
}
