package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The host's and a listener's room pages, playing, checked with axe-core (npm, from
 * web/node_modules) in light and dark themes at desktop and phone width: no serious or critical
 * violation. Each of the eight views is saved as a screenshot under target/screenshots; every
 * control can be reached with the keyboard and shows where the focus is. Both pages are
 * cross-origin isolated (COOP + COEP: microsecond timers for the clock) and still load everything.
 */
class RoomPagesAreAccessibleIT {
    private static final Path AXE = Path.of("../web/node_modules/axe-core/axe.min.js");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Map<String, int[]> WIDTHS = Map.of("desktop", new int[] {1280, 900}, "phone", new int[] {390, 844});

    @Test
    void hostAndListenerPagesHaveNoSeriousAxeViolationsInEitherThemeAtDesktopOrPhoneWidth() throws Exception {
        String axe = Files.readString(AXE);
        Files.createDirectories(SCREENSHOTS);
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 20, session -> {
            Path dir = Files.createTempDirectory("syncroom-a11y");
            session.addToQueue(List.of(new ClickTrack(20).writeTo(dir, "second.wav", "The Clicks", "Second Song"),
                    new ClickTrack(20).writeTo(dir, "third.wav", "The Clicks", "Third Song")));
            ListeningSession.Listener listener = session.joinAndPlay(List.of(ClockSkew.forListener(1))).get(0);
            session.awaitRoomPosition(1.5);
            List<String> violations = new ArrayList<>();
            for (Map.Entry<String, Page> page : Map.of("host", session.hostPage(), "listener", listener.page()).entrySet()) {
                for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
                    for (Map.Entry<String, int[]> width : WIDTHS.entrySet()) {
                        Page p = page.getValue();
                        p.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
                        p.setViewportSize(width.getValue()[0], width.getValue()[1]);
                        String view = page.getKey() + "-" + width.getKey() + "-" + scheme.name().toLowerCase();
                        violations.addAll(seriousViolations(p, axe, view));
                        p.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(view + ".png")).setFullPage(true));
                    }
                }
            }
            assertThat(violations).as("serious or critical axe-core violations").isEmpty();
            for (Page p : List.of(session.hostPage(), listener.page())) {
                assertThat(p.evaluate("() => crossOriginIsolated")).as("crossOriginIsolated").isEqualTo(true);
            }
            assertKeyboardReachesTheControls(session.hostPage());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> seriousViolations(Page page, String axe, String view) {
        page.evaluate(axe);
        List<Map<String, Object>> found = (List<Map<String, Object>>) page.evaluate("async () => {"
                + " const r = await axe.run(document, { resultTypes: ['violations'] });"
                + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + "   .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })); }");
        List<String> described = new ArrayList<>();
        for (Map<String, Object> v : found) {
            described.add(view + ": " + v.get("id") + " (" + v.get("impact") + ") at " + v.get("nodes"));
        }
        System.out.println("[e2e] axe " + view + ": " + described.size() + " serious or critical");
        return described;
    }

    /** Tabbing from the top reaches Play, Next and the seek bar, each with a visible outline. */
    private static void assertKeyboardReachesTheControls(Page host) {
        host.evaluate("() => document.activeElement?.blur()");
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            host.keyboard().press("Tab");
            Object focused = host.evaluate("() => { const e = document.activeElement;"
                    + " const outline = getComputedStyle(e).outlineStyle;"
                    + " return e.id ? e.id + (outline !== 'none' ? '' : ':no-outline') : e.tagName; }");
            reached.add(String.valueOf(focused));
        }
        assertThat(reached).as("tab order").contains("copy-invite", "play-button", "next-button", "seek-bar", "file");
        assertThat(reached).as("focus is visible").noneMatch(id -> id.endsWith(":no-outline"));
    }
}
