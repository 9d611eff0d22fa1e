package org.syncroom.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syncroom.shaper.Edge;
import org.syncroom.shaper.LinkProfile;
import org.syncroom.shaper.ShapedNetwork;

/**
 * The pages of a session on a shaped network: each page (by name) gets an edge of a
 * {@link ShapedNetwork} whose hub is this JVM's namespace (where the server listens, on
 * {@link ShapedNetwork#HUB_SERVICE_ADDRESS}), and a Chromium of its own started inside that edge's
 * namespace, so all its traffic (the page, its WebSocket, its WebRTC links to other pages) crosses
 * its shaped link. The JVM must run in a namespace of its own (`./run-tests` runs the end-to-end
 * tests under `unshare --net`).
 */
public final class ShapedPages implements AutoCloseable {
    /** The links of a page: {@code up} from the page, {@code down} to it. */
    public record Link(LinkProfile up, LinkProfile down) {
        public static Link of(String up, String down) {
            return new Link(LinkProfile.parse(up), LinkProfile.parse(down));
        }
    }

    /** The browser each page runs in, by page name. */
    @FunctionalInterface
    public interface Kinds {
        Browsers.Kind kindOf(String pageName);

        Kinds ALL_CHROMIUM = name -> Browsers.Kind.CHROMIUM;
    }

    /** The link each page gets, by page name ("host", "listener-0", ...). */
    @FunctionalInterface
    public interface Profiles {
        Link linkOf(String pageName);
    }

    private static final long SEED = 42;

    private final Playwright playwright;
    private final Profiles profiles;
    private final Kinds kinds;
    private final String baseUrl;
    private final ShapedNetwork network;
    private final Path scripts;
    private final Map<String, Edge> edges = new LinkedHashMap<>();
    private final Map<String, Browser> browsers = new LinkedHashMap<>();
    /** Firefox's WebDriver BiDi ports, each reached from here in its page's namespace. */
    private final List<NamespacePortForward> forwards = new java.util.ArrayList<>();
    /** Recording every page's output, or started for the first page whose browser needs one (Firefox), or null. */
    private SoundServer sound;
    private final boolean capturing;

    /**
     * @param capturedPages 0, or how many pages the sound server records (each on a channel of
     *                      its own; {@link #capturedSound()}): every page then plays into it, Chromium too
     */
    ShapedPages(Playwright playwright, Profiles profiles, Kinds kinds, int capturedPages, String baseUrl) throws IOException {
        this.playwright = playwright;
        this.profiles = profiles;
        this.kinds = kinds;
        this.capturing = capturedPages > 0;
        this.sound = capturing ? SoundServer.startCapturing(capturedPages) : null;
        this.baseUrl = baseUrl;
        this.scripts = Files.createTempDirectory("syncroom-shaped-chromium");
        this.network = ShapedNetwork.withHubInThisJvm(SEED);
    }

    /** Where every page reaches the server: the hub's service address, through the page's own link. */
    static String baseUrl(int port) {
        return "http://" + ShapedNetwork.HUB_SERVICE_ADDRESS + ":" + port;
    }

    /** A port free in this namespace now (the server binds it at once; nothing else runs here). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The browser of page {@code name}, started (with its edge) on first use. */
    synchronized Browser browserFor(String name) {
        return browsers.computeIfAbsent(name, n -> {
            Link link = profiles.linkOf(n);
            Edge edge = network.addEdge(n, link.up(), link.down());
            edges.put(n, edge);
            List<String> secureOrigin = List.of("--unsafely-treat-insecure-origin-as-secure=" + baseUrl);
            if (kinds.kindOf(n) == Browsers.Kind.FIREFOX) {
                if (sound == null) {
                    sound = SoundServer.start();
                }
                NamespacePortForward bidi = NamespacePortForward.open(edge.namespace().commandPrefix());
                forwards.add(bidi);
                return Browsers.firefoxAt(playwright, firefoxWrapper(edge, bidi.port()), soundEnv(n),
                        ShapedNetwork.HUB_SERVICE_ADDRESS);
            }
            if (capturing) {
                return Browsers.audibleChromiumAt(playwright, wrapper(edge, Browsers.CHROMIUM), secureOrigin, soundEnv(n));
            }
            return Browsers.chromiumAt(playwright, wrapper(edge, Browsers.CHROMIUM), secureOrigin);
        });
    }

    private Map<String, String> soundEnv(String name) {
        return capturing ? sound.clientEnv(sound.sinkForPage(name)) : sound.clientEnv();
    }

    /** Ends the recording of every page's output (a session made with captured pages). */
    synchronized CapturedSound capturedSound() {
        if (!capturing) {
            throw new IllegalStateException("this session does not capture its pages' sound");
        }
        return sound.stopRecording();
    }

    /** The browser page {@code name} runs in. */
    Browsers.Kind kindOf(String name) {
        return kinds.kindOf(name);
    }

    /** The edge of page {@code name}; its page must have been opened. */
    synchronized Edge edge(String name) {
        Edge edge = edges.get(name);
        if (edge == null) {
            throw new IllegalArgumentException("no page " + name + " on this network");
        }
        return edge;
    }

    synchronized String browserVersion() {
        return browsers.values().stream().map(b -> b.browserType().name() + " " + b.version()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("(none yet)");
    }

    /** A script that starts the system browser {@code executable} inside the edge's namespace. */
    private Path wrapper(Edge edge, Path executable) {
        return script(edge, executable, "");
    }

    /**
     * As {@link #wrapper}, for Firefox: Playwright asks for WebDriver BiDi on any free port
     * ({@code --remote-debugging-port=0}) and connects to 127.0.0.1 here, so Firefox is told to
     * listen on {@code port}, the one {@link NamespacePortForward} forwards into the edge.
     */
    private Path firefoxWrapper(Edge edge, int port) {
        return script(edge, Browsers.FIREFOX, "for a in \"$@\"; do shift; case \"$a\" in"
                + " --remote-debugging-port=*) set -- \"$@\" --remote-debugging-port=" + port + " ;;"
                + " *) set -- \"$@\" \"$a\" ;; esac; done\n");
    }

    private Path script(Edge edge, Path executable, String before) {
        String command = String.join(" ", edge.namespace().commandPrefix()) + " " + executable;
        Path script = scripts.resolve(executable.getFileName() + "-" + edge.name() + ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\n" + before + "exec " + command + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        return script;
    }

    @Override
    public synchronized void close() {
        try {
            for (Browser browser : browsers.values()) {
                browser.close();
            }
            forwards.forEach(NamespacePortForward::close);
        } finally {
            try {
                network.close();
            } finally {
                if (sound != null) {
                    sound.close();
                }
            }
        }
    }
}
