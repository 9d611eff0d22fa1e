package org.syncroom.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The system Chromium, launched so that WebRTC works on loopback and audio plays unprompted; and
 * the system Firefox ESR (driven over WebDriver BiDi), for pages on a shaped network.
 */
public final class Browsers {
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SYNCROOM_CHROMIUM", "/usr/bin/chromium"));
    public static final Path FIREFOX = Path.of(System.getenv().getOrDefault("SYNCROOM_FIREFOX", "/usr/bin/firefox-esr"));

    /** Which browser a page runs in. */
    public enum Kind { CHROMIUM, FIREFOX }

    private static final List<String> CHROMIUM_ARGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows");

    private Browsers() {}

    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Chromium drawing WebGL in software (SwiftShader), for pages like /together. */
    public static Browser chromiumWithWebGl(Playwright playwright) {
        List<String> args = new java.util.ArrayList<>(CHROMIUM_ARGS);
        args.remove("--disable-gpu");
        args.addAll(List.of("--use-angle=swiftshader", "--enable-unsafe-swiftshader"));
        return launch(playwright, args);
    }

    public static Browser chromium(Playwright playwright) {
        return launch(playwright, CHROMIUM_ARGS);
    }

    /** Chromium that keeps sound off until the person acts on the page, as browsers do by default. */
    public static Browser chromiumRequiringGesture(Playwright playwright) {
        List<String> args = new java.util.ArrayList<>(CHROMIUM_ARGS);
        args.set(args.indexOf("--autoplay-policy=no-user-gesture-required"), "--autoplay-policy=document-user-activation-required");
        return launch(playwright, args);
    }

    /**
     * Chromium started through {@code executable} (a script that runs the system Chromium, for
     * example inside a network namespace), with {@code extraArgs} besides the usual ones.
     */
    public static Browser chromiumAt(Playwright playwright, Path executable, List<String> extraArgs) {
        List<String> args = new java.util.ArrayList<>(CHROMIUM_ARGS);
        args.addAll(extraArgs);
        return launch(playwright, args, executable);
    }

    /**
     * Firefox ESR started through {@code executable} (a script that runs the system Firefox, for
     * example inside a network namespace) with {@code env} (its sound server: Firefox's
     * AudioContext never starts without one), playing audio unprompted and taking
     * {@code secureHost} (an http origin of a test network) as a secure context, as Chromium's
     * {@code --unsafely-treat-insecure-origin-as-secure} does.
     */
    public static Browser firefoxAt(Playwright playwright, Path executable, Map<String, String> env, String secureHost) {
        if (!Files.isExecutable(FIREFOX)) {
            throw new IllegalStateException(FIREFOX + " not found: install Debian's firefox-esr (./run-tests does)");
        }
        return playwright.firefox().launch(new BrowserType.LaunchOptions()
                .setChannel("moz-firefox")
                .setExecutablePath(executable)
                .setHeadless(true)
                .setEnv(env)
                .setFirefoxUserPrefs(Map.of(
                        "media.autoplay.default", 0,
                        "media.autoplay.block-webaudio", false,
                        "dom.securecontext.allowlist", secureHost)));
    }

    /**
     * As {@link #chromiumAt}, its sound going to a sound server ({@code env}: PULSE_SERVER,
     * PULSE_SINK) instead of nowhere: Playwright mutes Chromium ({@code --mute-audio}) by default.
     */
    public static Browser audibleChromiumAt(Playwright playwright, Path executable, List<String> extraArgs, Map<String, String> env) {
        List<String> args = new java.util.ArrayList<>(CHROMIUM_ARGS);
        args.addAll(extraArgs);
        return playwright.chromium().launch(chromiumOptions(args, executable)
                .setIgnoreDefaultArgs(List.of("--mute-audio"))
                .setEnv(env));
    }

    private static Browser launch(Playwright playwright, List<String> args) {
        return launch(playwright, args, CHROMIUM);
    }

    private static BrowserType.LaunchOptions chromiumOptions(List<String> args, Path executable) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " not found: install Debian's chromium (./run-tests does)");
        }
        return new BrowserType.LaunchOptions().setExecutablePath(executable).setHeadless(true).setArgs(args);
    }

    private static Browser launch(Playwright playwright, List<String> args, Path executable) {
        return playwright.chromium().launch(chromiumOptions(args, executable));
    }
}
