package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.syncroom.e2e.nat.Coturn;
import org.syncroom.shaper.LinkProfile;
import org.syncroom.shaper.ShapedNetwork;
import org.syncroom.signaling.nat.NatConfig;

/**
 * Rooms whose pages may reach each other only through TURN (issue 11, "A relay-only (TURN) room
 * works in both browsers"): coturn started from turn-config/start-coturn on the hub of a test
 * network, the server handing out its short-lived credentials with {@code --ice-relay-only}, and
 * every page in a browser of its own in a network namespace of its own (unshaped links: Firefox's
 * WebRTC needs a real interface). One room has a Chromium host with a Chromium and a Firefox
 * listener, the other a Firefox host with two Chromium listeners; in both every listener's link
 * runs through a relay coturn granted, and every listener hears every click. coturn grants a
 * relay for a fresh credential and none for a forged or an expired one.
 *
 * <p>Alignment with a Firefox page is printed, not bounded, here: Firefox's in-page tap is known
 * to misplace its output by tens of ms (issue 11; the captured-sound measurement is to judge it).
 */
@Tag("firefox-rooms") // opt-in: ./run-tests --firefox-rooms (a Firefox page sometimes freezes; README)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RelayOnlyRoomsPlayThroughTurnIT {
    private static final String SECRET = "relay-only-room-test";
    /** The test network's addresses (edges 10.77.i.2, the hub 10.77.0.1 and 10.77.i.1). */
    private static final String TEST_NETWORK = "10.77.0.0-10.77.255.255";
    private static final double LISTEN_UNTIL_SEC = 9;

    @Test
    void aChromiumHostReachesAChromiumAndAFirefoxListenerOnlyThroughTurn() throws Exception {
        run(name -> name.equals("listener-1") ? Browsers.Kind.FIREFOX : Browsers.Kind.CHROMIUM);
    }

    @Test
    void aFirefoxHostReachesTwoChromiumListenersOnlyThroughTurn() throws Exception {
        run(name -> name.equals("host") ? Browsers.Kind.FIREFOX : Browsers.Kind.CHROMIUM);
    }

    /** What a page gathers from coturn with a credential of its own making: relay candidates. */
    private static int relayCandidatesWith(Page page, String url, String username, String credential) {
        Object count = page.evaluate("async ({url, username, credential}) => {"
                + " const pc = new RTCPeerConnection({iceServers: [{urls: [url], username, credential}], iceTransportPolicy: 'relay'});"
                + " pc.createDataChannel('probe'); let relays = 0;"
                + " const done = new Promise((resolve) => { setTimeout(resolve, 5000);"
                + "   pc.onicecandidate = (e) => { if (!e.candidate) resolve(); else if (e.candidate.type === 'relay') relays++; }; });"
                + " await pc.setLocalDescription(await pc.createOffer()); await done; pc.close(); return relays; }",
                Map.of("url", url, "username", username, "credential", credential));
        return ((Number) count).intValue();
    }

    /** A TURN REST credential (coturn's use-auth-secret): Base64(HMAC-SHA1(secret, "expiry:id")). */
    private static String credentialFor(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    /** coturn grants a relay for a fresh credential and refuses a forged and an expired one. */
    private static void checkCredentials(ListeningSession session, String url) throws Exception {
        Page page = session.hostPage();
        long now = System.currentTimeMillis() / 1000;
        String fresh = (now + 600) + ":probe";
        String expired = (now - 60) + ":probe";
        int granted = relayCandidatesWith(page, url, fresh, credentialFor(SECRET, fresh));
        int forged = relayCandidatesWith(page, url, fresh, credentialFor("not-the-secret", fresh));
        int late = relayCandidatesWith(page, url, expired, credentialFor(SECRET, expired));
        System.out.println("[e2e] relay candidates: fresh credential " + granted + ", forged " + forged + ", expired " + late);
        assertThat(granted).as("relay candidates with a fresh credential").isPositive();
        assertThat(forged).as("relay candidates with a forged credential").isZero();
        assertThat(late).as("relay candidates with an expired credential").isZero();
    }

    private static void run(ShapedPages.Kinds kinds) throws Exception {
        String hub = ShapedNetwork.HUB_SERVICE_ADDRESS;
        NatConfig relayOnly = new NatConfig(0, SECRET, List.of(Coturn.urlFor(hub)), 600, true);
        ShapedPages.Link clean = new ShapedPages.Link(LinkProfile.UNSHAPED, LinkProfile.UNSHAPED);
        // The hub's address exists once the session has made the network: coturn starts then.
        ListeningSession.withShapedNetwork(line -> System.out.println("[e2e] " + line), 20,
                config -> config.withNat(relayOnly), "opus", name -> clean, kinds, session -> {
            try (Coturn coturn = Coturn.start(hub, SECRET, TEST_NETWORK)) {
                try {
                    playThroughTurn(session, coturn, kinds);
                } finally {
                    Files.write(Path.of("target", "coturn-" + kinds.kindOf("host").name().toLowerCase() + "-host.log"), coturn.log());
                }
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static void playThroughTurn(ListeningSession session, Coturn coturn, ShapedPages.Kinds kinds) throws Exception {
        List<ListeningSession.Listener> listeners = session.joinAndPlay(List.of(ClockSkew.forListener(0), ClockSkew.forListener(1)));
        session.awaitRoomPosition(LISTEN_UNTIL_SEC);
        System.out.println("[e2e] browsers: " + session.browserVersion() + "; coturn granted " + coturn.allocations() + " relays");

        for (ListeningSession.Listener listener : listeners) {
            assertThat(connectionShown(listener)).as(listener.name() + "'s connection as the room shows it").isEqualTo("turn");
        }
        assertThat(coturn.allocations()).as("relays coturn granted (at least one per listener's link); its log: target/coturn-*.log")
                .isGreaterThanOrEqualTo(listeners.size());

        List<Recording> recordings = session.recordings();
        for (Recording r : recordings) {
            System.out.println("[e2e] " + r.name() + " (" + kinds.kindOf(r.name()) + ") " + r.milestones());
            List<Recording.Click> clicks = r.clicks();
            assertThat(clicks).as(r.name() + " clicks heard through TURN").hasSizeGreaterThanOrEqualTo(10);
            for (int i = 1; i < clicks.size(); i++) {
                assertThat(clicks.get(i).atMs() - clicks.get(i - 1).atMs())
                        .as(r.name() + " gap before click " + i + " (none may be lost)").isLessThan(600);
            }
            Map<String, Object> health = (Map<String, Object>) session.snapshot(listenerNamed(listeners, r.name())).get("bufferHealth");
            System.out.println("[e2e] " + r.name() + " buffer health " + health);
        }
        if (kinds.kindOf("host") == Browsers.Kind.CHROMIUM) {
            checkCredentials(session, Coturn.urlFor(ShapedNetwork.HUB_SERVICE_ADDRESS));
        }
        AlignmentReport report = AlignmentReport.of(recordings);
        System.out.println("[e2e] in-page taps: " + report.describe());
        if (recordings.stream().allMatch(r -> kinds.kindOf(r.name()) == Browsers.Kind.CHROMIUM)) {
            assertThat(report.levelMismatches()).as("clicks matched to a different click").isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().p95()).as("p95 spread between listeners, ms").isLessThan(Bounds.SPREAD_MS);
        }
    }

    /**
     * The listener's own entry of the room's roster, its {@code connection} (the page checks its
     * link's selected candidate pair every few seconds), once it says "turn" or after 20 s.
     */
    private static String connectionShown(ListeningSession.Listener listener) {
        String own = "const s = window.syncRoom.snapshot(); const me = s.roster && s.roster.entries.find(e => e.peerId === s.peerId);";
        try {
            listener.page().waitForFunction("() => { " + own + " return me && me.connection === 'turn'; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(20_000).setPollingInterval(200));
        } catch (TimeoutError e) {
            // what it shows instead is the assertion's answer
        }
        return (String) listener.page().evaluate("() => { " + own + " return me ? me.connection : null; }");
    }

    private static ListeningSession.Listener listenerNamed(List<ListeningSession.Listener> listeners, String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
