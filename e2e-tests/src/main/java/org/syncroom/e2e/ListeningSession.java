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
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.syncroom.signaling.ServerConfig;
import org.syncroom.signaling.SignalingModule;
import org.syncroom.signaling.SignalingServer;

/**
 * A live room for tests: the server on loopback, one Chromium, a host page with the click
 * track loaded, and listener pages added one by one. Every step waits for its effect in
 * the pages, up to a minute.
 */
public final class ListeningSession implements AutoCloseable {
    private static final double TIMEOUT_MS = 60_000;

    /** A listener page and whether it joined after playback had started. */
    public record Listener(String name, Page page, boolean late) {}

    /** What a test does with a live session. */
    @FunctionalInterface
    public interface Body<T> {
        T run(ListeningSession session) throws Exception;
    }

    private final Consumer<String> progress;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Listener> listeners = new ArrayList<>();
    private final java.util.Set<String> left = new java.util.HashSet<>();
    private final SignalingServer server;
    private final Playwright playwright;
    private final Browser browser;
    /** Each page's own browser on a shaped network, or null: every page in {@link #browser}. */
    private final ShapedPages shaped;
    private final String base;
    private Page host;
    private String invite;

    private ListeningSession(Consumer<String> progress, UnaryOperator<ServerConfig> configure) throws Exception {
        this.progress = progress;
        ServerConfig config = configure.apply(ServerConfig.defaults().withHost("127.0.0.1").withPort(0));
        this.server = Guice.createInjector(new SignalingModule(config)).getInstance(SignalingServer.class).start();
        this.base = "http://127.0.0.1:" + server.port();
        this.playwright = Browsers.playwright();
        this.browser = Browsers.chromium(playwright);
        this.shaped = null;
        progress.accept("server on " + base() + ", browser " + browser.version());
    }

    /** A session whose every page runs in a browser of its own on {@code network} (see {@link ShapedPages}). */
    private ListeningSession(Consumer<String> progress, UnaryOperator<ServerConfig> configure,
                             ShapedPages.Profiles profiles, ShapedPages.Kinds kinds, int capturedPages) throws Exception {
        this.progress = progress;
        int port = ShapedPages.freePort();
        this.base = ShapedPages.baseUrl(port);
        ServerConfig config = configure.apply(ServerConfig.defaults().withHost("0.0.0.0").withPort(port)
                .withPublicUrl(base + "/", List.of()));
        this.server = Guice.createInjector(new SignalingModule(config)).getInstance(SignalingServer.class).start();
        this.playwright = Browsers.playwright();
        this.browser = null;
        this.shaped = new ShapedPages(playwright, profiles, kinds, capturedPages, base);
        progress.accept("server on " + base() + " (hub of a shaped network), a browser per page");
    }

    /**
     * As {@link #with(Consumer, double, UnaryOperator, String, Body)}, every page (host and
     * listeners, by name) in a browser of its own, in a network namespace of its own, its traffic
     * through the user-space shaper with the link {@code profiles} gives it.
     */
    public static <T> T withShapedNetwork(Consumer<String> progress, double trackSec, UnaryOperator<ServerConfig> configure,
                                          String codec, ShapedPages.Profiles profiles, Body<T> body) throws Exception {
        return withShapedNetwork(progress, trackSec, configure, codec, profiles, ShapedPages.Kinds.ALL_CHROMIUM, body);
    }

    /** As {@link #withShapedNetwork(Consumer, double, UnaryOperator, String, ShapedPages.Profiles, Body)}, each page in the browser {@code kinds} names. */
    public static <T> T withShapedNetwork(Consumer<String> progress, double trackSec, UnaryOperator<ServerConfig> configure,
                                          String codec, ShapedPages.Profiles profiles, ShapedPages.Kinds kinds,
                                          Body<T> body) throws Exception {
        return withShapedNetwork(progress, trackSec, configure, codec, profiles, kinds, 0, body);
    }

    /**
     * As above, the sound of up to {@code capturedPages} pages (the host and listeners, in the
     * order they open) recorded by a private sound server: {@link #capturedSound()}.
     */
    public static <T> T withShapedNetwork(Consumer<String> progress, double trackSec, UnaryOperator<ServerConfig> configure,
                                          String codec, ShapedPages.Profiles profiles, ShapedPages.Kinds kinds,
                                          int capturedPages, Body<T> body) throws Exception {
        try (ListeningSession session = new ListeningSession(progress, configure, profiles, kinds, capturedPages)) {
            try {
                session.createRoom(new ClickTrack(trackSec).writeTo(Files.createTempDirectory("syncroom-e2e")), codec);
                return body.run(session);
            } catch (RuntimeException | AssertionError e) {
                throw session.failure(e);
            }
        }
    }

    /** Starts page {@code name}'s browser now, before its page opens (a session on a shaped network). */
    public void prepareBrowser(String name) {
        if (shaped != null) {
            shaped.browserFor(name);
        }
    }

    /** The shaped link of page {@code name} (a session made by {@link #withShapedNetwork}). */
    public org.syncroom.shaper.ShapedLink linkOf(String name) {
        if (shaped == null) {
            throw new IllegalStateException("not a session on a shaped network");
        }
        return shaped.edge(name).link();
    }

    /**
     * Runs {@code body} in a fresh session and closes it; a failure carries everything the
     * pages logged.
     */
    public static <T> T with(Consumer<String> progress, double trackSec, Body<T> body) throws Exception {
        return with(progress, trackSec, UnaryOperator.identity(), body);
    }

    /** As {@link #with(Consumer, double, Body)}, on a server configured by {@code configure}. */
    public static <T> T with(Consumer<String> progress, double trackSec, UnaryOperator<ServerConfig> configure,
                             Body<T> body) throws Exception {
        return with(progress, trackSec, configure, null, body);
    }

    /**
     * As {@link #with(Consumer, double, UnaryOperator, Body)}, the host page streaming in
     * {@code codec} ({@code ?codec=}; null: the page's default, Opus where the browser has it).
     */
    public static <T> T with(Consumer<String> progress, double trackSec, UnaryOperator<ServerConfig> configure,
                             String codec, Body<T> body) throws Exception {
        try (ListeningSession session = open(progress, trackSec, configure, codec)) {
            try {
                return body.run(session);
            } catch (RuntimeException | AssertionError e) {
                throw session.failure(e);
            }
        }
    }

    /** Starts server and browser, creates the room and loads a click track of {@code trackSec}. */
    public static ListeningSession open(Consumer<String> progress, double trackSec) throws Exception {
        return open(progress, trackSec, UnaryOperator.identity());
    }

    public static ListeningSession open(Consumer<String> progress, double trackSec,
                                        UnaryOperator<ServerConfig> configure) throws Exception {
        return open(progress, trackSec, configure, null);
    }

    public static ListeningSession open(Consumer<String> progress, double trackSec,
                                        UnaryOperator<ServerConfig> configure, String codec) throws Exception {
        ListeningSession session = new ListeningSession(progress, configure);
        try {
            session.createRoom(new ClickTrack(trackSec).writeTo(Files.createTempDirectory("syncroom-e2e")), codec);
            return session;
        } catch (RuntimeException | Error e) {
            AssertionError failure = session.failure(e);
            session.close();
            throw failure;
        } catch (Exception e) {
            session.close();
            throw e;
        }
    }

    private String base() {
        return base;
    }

    private void createRoom(Path track, String codec) {
        host = page("host", ClockSkew.NONE, base() + "/?measure" + (codec == null ? "" : "&codec=" + codec));
        host.click("#create-room-button");
        host.waitForFunction("() => document.getElementById('invite-url').value.includes('invite=')"
                + " && !document.getElementById('host-panel').hidden", null, waits());
        invite = host.inputValue("#invite-url") + "&measure";
        host.setInputFiles("#file", track);
        host.waitForFunction("() => !document.getElementById('play-button').disabled", null, waits());
        progress.accept("host created the room and loaded " + track.getFileName() + ", streamed as "
                + host.evaluate("() => window.syncRoom.snapshot().track.codec"));
    }

    /** Opens the invite link in a new browser context whose clocks are skewed. */
    public Listener join(String name, ClockSkew skew, boolean late) {
        Listener listener = new Listener(name, page(name, skew, invite), late);
        listeners.add(listener);
        return listener;
    }

    /**
     * Opens listener-0, listener-1, … with the given clock skews, waits until the host streams
     * to all of them, and presses play.
     */
    public List<Listener> joinAndPlay(List<ClockSkew> skews) {
        List<Listener> joined = new ArrayList<>();
        for (int i = 0; i < skews.size(); i++) {
            joined.add(join("listener-" + i, skews.get(i), false));
        }
        joined.forEach(this::awaitListening);
        joined.forEach(this::awaitFed);
        progress.accept(joined.size() + " listeners fed over WebRTC; pressing play");
        play();
        return joined;
    }

    /** Waits until the listener is in the room with its clock synced. */
    public void awaitListening(Listener listener) {
        listener.page().waitForFunction("() => { if (!window.syncRoom) return false;"
                + " const s = window.syncRoom.snapshot(); return s.role === 'listener' && s.clockSynced; }", null, waits());
    }

    /** Waits until audio reaches the listener from its upstream peer (the host, or a relay). */
    public void awaitFed(Listener listener) {
        awaitSnapshot(listener, "s => s.envelopes && s.envelopes.chunks > 0");
    }

    /** Waits until the listener is back in the room over a second server connection. */
    public void awaitReconnected(Listener listener) {
        listener.page().waitForFunction("() => { const s = window.syncRoom.snapshot();"
                + " return s.connections >= 2 && s.serverConnected && s.role === 'listener'; }", null, waits());
    }


    public void play() {
        host.click("#play-button");
        host.waitForFunction("() => { const p = window.syncRoom.snapshot().playback; return p && p.playing; }",
                null, waits());
    }

    /** Adds {@code tracks} to the end of the host's queue, as picking them in the file dialog does. */
    public void addToQueue(List<Path> tracks) {
        int before = ((Number) host.evaluate("() => document.querySelectorAll('#queue li').length")).intValue();
        host.setInputFiles("#file", tracks.toArray(Path[]::new));
        host.waitForFunction("n => document.querySelectorAll('#queue li').length === n", before + tracks.size(), waits());
    }

    /** The host's page, for what a test reads from it beyond the diagnostics. */
    public Page hostPage() {
        return host;
    }

    /** Moves the host's seek bar to {@code positionSec}, as a person dragging it would. */
    public void seek(double positionSec) {
        host.evaluate("p => { const s = document.getElementById('seek-bar'); s.value = String(p);"
                + " s.dispatchEvent(new Event('change')); }", positionSec);
    }

    /** Closes the listener's server socket; it reconnects on its own unless {@code forGood}. */
    public void cutServerConnection(Listener listener, boolean forGood) {
        listener.page().evaluate("forGood => window.syncRoom.faults.dropServerConnection({ reconnect: !forGood })",
                forGood);
        progress.accept("cut " + listener.name() + "'s connection to the server" + (forGood ? " for good" : ""));
    }

    /** Closes the host's server socket; the page reconnects and resumes the host seat by itself. */
    public void cutHostServerConnection() {
        host.evaluate("() => window.syncRoom.faults.dropServerConnection({ reconnect: true })");
        progress.accept("cut the host's connection to the server");
    }

    /** Waits until the host holds its seat again over a new connection; returns its new peer id. */
    public String awaitHostBack() {
        host.waitForFunction("() => { const s = window.syncRoom.snapshot();"
                + " return s.connections >= 2 && s.serverConnected && s.role === 'host'; }", null, waits());
        return (String) host.evaluate("() => window.syncRoom.snapshot().peerId");
    }

    /** The listener's documented diagnostics snapshot (web/app/diagnostics.js). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> snapshot(Listener listener) {
        return (Map<String, Object>) listener.page().evaluate("() => window.syncRoom.snapshot()");
    }

    /** The host page's diagnostics snapshot. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> hostSnapshot() {
        return (Map<String, Object>) host.evaluate("() => window.syncRoom.snapshot()");
    }

    /** Waits until {@code condition} (a JS function of the host page's snapshot) holds. */
    public void awaitHostSnapshot(String condition) {
        host.waitForFunction("() => (" + condition + ")(window.syncRoom.snapshot())", null, waits());
    }

    /** Closes the listener's page as a person closing the tab would: its links and socket just end. */
    public void leave(Listener listener) {
        listener.page().context().close();
        left.add(listener.name());
        progress.accept(listener.name() + " left");
    }

    /** Makes the listener's page misbehave as a relay ({@code flip-bytes}, {@code forge-pause}). */
    public void tamper(Listener listener, String kind) {
        listener.page().evaluate("k => window.syncRoom.faults.tamperRelay(k)", kind);
        progress.accept(listener.name() + " starts tampering: " + kind);
    }

    /** Drops everything the listener's upstream sends it, as if the link were cut, until restored. */
    public void cutUpstream(Listener listener) {
        listener.page().evaluate("() => window.syncRoom.faults.cutUpstream()");
        progress.accept("cut " + listener.name() + "'s upstream");
    }

    /** Lifts {@link #cutUpstream}. */
    public void restoreUpstream(Listener listener) {
        listener.page().evaluate("() => window.syncRoom.faults.restoreUpstream()");
        progress.accept("restored " + listener.name() + "'s upstream");
    }

    /** Waits until {@code condition} (a JS function of the listener's snapshot) holds. */
    public void awaitSnapshot(Listener listener, String condition) {
        listener.page().waitForFunction("() => (" + condition + ")(window.syncRoom.snapshot())", null, waits());
    }

    /** Is the listener's server socket open? */
    public boolean serverConnected(Listener listener) {
        return (Boolean) listener.page().evaluate("() => window.syncRoom.snapshot().serverConnected");
    }

    /**
     * Waits until the room, as the host page sees it, has played to track position
     * {@code positionSec}: tests pace themselves on the room's progress, not on sleeps.
     */
    public void awaitRoomPosition(double positionSec) {
        host.waitForFunction("p => { const s = window.syncRoom.snapshot();"
                + " return s.playback && s.playback.playing && s.positionSec !== null && s.positionSec >= p; }",
                positionSec, waits());
    }

    /** The room's track position (s) now, as the host page sees it; -1 before anything plays. */
    public double roomPosition() {
        Object p = host.evaluate("() => window.syncRoom.snapshot().positionSec");
        return p == null ? -1 : ((Number) p).doubleValue();
    }

    /** Who the listener page takes audio and pulses from. */
    public String hostPeerIdSeenBy(Listener listener) {
        return (String) listener.page().evaluate("() => window.syncRoom.snapshot().upstreamPeerId");
    }


    /** A server time (ms) as {@code listener}'s clock estimate reads it now. */
    public double serverNowOf(Listener listener) {
        return ((Number) listener.page().evaluate("() => window.syncRoom.serverNow()")).doubleValue();
    }

    /**
     * The track position (s) {@code listener} believes the room is at at server time
     * {@code serverMs}: two pages compared at one instant, however long each question takes.
     */
    public double positionOf(Listener listener, double serverMs) {
        return ((Number) listener.page().evaluate("t => window.syncRoom.positionAt(t)", serverMs)).doubleValue();
    }

    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    public String browserVersion() {
        return shaped == null ? browser.version() : shaped.browserVersion();
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    /** Ends the recording and returns what every page sent to its output (a session with captured pages). */
    public CapturedSound capturedSound() {
        if (shaped == null) {
            throw new IllegalStateException("not a session on a shaped network");
        }
        return shaped.capturedSound();
    }

    /** What the host page rendered so far, as its own tap measured it, on the true clock. */
    public Recording hostRecording() {
        return recording(new Listener("host", host, false));
    }

    /** What every listener page still open rendered so far, on the true clock. */
    public List<Recording> recordings() {
        return listeners.stream().filter(l -> !left.contains(l.name())).map(ListeningSession::recording).toList();
    }

    /** Wraps a failure with everything the pages logged. */
    private AssertionError failure(Throwable e) {
        return new AssertionError(e.getMessage() + "\n--- browser log ---\n" + String.join("\n", log), e);
    }

    private Page page(String name, ClockSkew skew, String url) {
        BrowserContext context = (shaped == null ? browser : shaped.browserFor(name)).newContext();
        if (shaped == null || shaped.kindOf(name) == Browsers.Kind.CHROMIUM) {
            context.grantPermissions(List.of("microphone", "camera")); // Firefox over BiDi knows neither
        }
        context.addInitScript(skew.initScript());
        Page page = context.newPage();
        page.onConsoleMessage(m -> log.add(name + " console." + m.type() + ": " + m.text()));
        page.onPageError(e -> log.add(name + " page error: " + e));
        page.navigate(url);
        return page;
    }

    private static Page.WaitForFunctionOptions waits() {
        return new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(50);
    }

    @SuppressWarnings("unchecked")
    private static Recording recording(Listener listener) {
        Page page = listener.page();
        Map<String, Object> measure = (Map<String, Object>) page.evaluate("() => window.__measure");
        double openedAt = ((Number) measure.get("timeOrigin")).doubleValue();
        Double firstSound = null;
        List<Recording.Click> clicks = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) measure.get("events")) {
            double at = ((Number) e.get("trueMs")).doubleValue();
            if ("sound".equals(e.get("kind"))) {
                firstSound = at;
            } else if ("click".equals(e.get("kind"))) {
                double level = ((Number) e.get("level")).doubleValue();
                clicks.add(new Recording.Click(at, ClickTrack.levelIndex(level), level));
            }
        }
        Map<String, Object> marks = (Map<String, Object>) page.evaluate("() => Object.fromEntries("
                + "Object.entries(window.syncRoom.milestones).map(([k, v]) => [k, window.__measure.sinceOpen(v)]))");
        Map<String, Double> milestones = new TreeMap<>();
        marks.forEach((k, v) -> milestones.put(k, ((Number) v).doubleValue()));
        Map<String, Object> snapshot = (Map<String, Object>) page.evaluate("() => window.syncRoom.snapshot()");
        milestones.put("connections", ((Number) snapshot.get("connections")).doubleValue());
        milestones.put("requeues", ((Number) snapshot.get("requeues")).doubleValue());
        return new Recording(listener.name(), listener.late(), openedAt, firstSound, clicks, milestones);
    }

    @Override
    public void close() throws Exception {
        try {
            if (shaped != null) {
                shaped.close();
            } else {
                browser.close();
            }
            playwright.close();
        } finally {
            server.close();
        }
    }
}
