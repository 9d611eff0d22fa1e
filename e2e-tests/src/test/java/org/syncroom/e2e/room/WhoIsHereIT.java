package org.syncroom.e2e.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who is here, in Chromium: a host and three listeners, each page's roster lists all four with
 * the name its person typed (as text, markup included) and a clock offset the server measured
 * within a few milliseconds (loopback); the host removes one listener, whose page says so in
 * words and does not come back, and everyone's roster drops it.
 */
class WhoIsHereIT {
    /** Loopback, one machine, one clock: a page's server-time estimate is off by far less than this. */
    private static final double MAX_OFFSET_MS = 20;
    private static RoomPages pages;

    @BeforeAll
    static void start() throws Exception {
        pages = new RoomPages();
    }

    @AfterAll
    static void stop() throws Exception {
        pages.close();
    }

    @Test
    void everyPageListsEveryPageInSyncAndTheHostRemovesAListenerWhoIsToldSo() {
        try {
            Page host = pages.host();
            String invite = host.inputValue("#invite-url");
            List<Page> listeners = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                listeners.add(pages.open("listener" + i, invite));
            }
            List<Page> all = new ArrayList<>(List.of(host));
            all.addAll(listeners);
            host.fill("#display-name", "Hana");
            listeners.get(0).fill("#display-name", "<b>Ana</b>");
            List<String> ids = new ArrayList<>();
            for (Page p : all) {
                p.waitForFunction("() => window.syncRoom.snapshot().peerId && window.syncRoom.snapshot().role",
                        null, RoomPages.waits());
                ids.add((String) p.evaluate("() => window.syncRoom.snapshot().peerId"));
            }

            for (Page p : all) {
                // The roster as soon as it lists all four with their names and plausible offsets (a page's
                // estimate settles within its first bursts of probes), and that roster's entries.
                Object settled = p.waitForFunction("([ids, maxMs]) => { const r = window.syncRoom.snapshot().roster;"
                        + " const ok = r.listenerCount === 3 && ids.every(id => r.entries.some(e => e.peerId === id"
                        + " && e.offsetMs !== null && Math.abs(e.offsetMs) < maxMs"
                        + " && (e.role === 'host' ? e.connection === 'host' : ['direct', 'relayed'].includes(e.connection))))"
                        + " && r.entries.some(e => e.name === '<b>Ana</b>') && r.entries.some(e => e.name === 'Hana')"
                        + " && document.querySelectorAll('#roster li').length === 4;"
                        + " return ok ? r.entries : false; }", List.of(ids, MAX_OFFSET_MS), RoomPages.waits()).jsonValue();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> entries = (List<Map<String, Object>>) settled;
                for (Map<String, Object> e : entries) {
                    double offset = ((Number) e.get("offsetMs")).doubleValue();
                    System.out.printf("[e2e] roster entry %s (%s, %s): offset %.1f ms%n", e.get("peerId"), e.get("role"),
                            e.get("connection"), offset);
                    assertThat(Math.abs(offset)).as("offset of " + e.get("peerId")).isLessThan(MAX_OFFSET_MS);
                }
                // Direct from the host (fanout 4), or relayed when a link would not open under load and the
                // listener was moved under another (the tree's answer to an "unreachable" report).
                assertThat(entries).extracting(e -> e.get("connection")).first().isEqualTo("host");
                assertThat(entries.subList(1, 4)).extracting(e -> e.get("connection")).allMatch(c -> c.equals("direct") || c.equals("relayed"));
                assertThat(p.evaluate("() => [...document.querySelectorAll('#roster .roster-name')].map(e => e.textContent)"))
                        .asList().contains("Hana", "<b>Ana</b>");
                assertThat(p.evaluate("() => document.querySelectorAll('#roster b, #roster script, #roster img').length"))
                        .as("a name is text, never markup").isEqualTo(0);
            }
            assertThat(listeners.get(0).evaluate("() => document.querySelectorAll('#roster button').length"))
                    .as("only the host has Remove buttons").isEqualTo(0);
            assertThat(host.evaluate("() => document.querySelectorAll('#roster button[data-action=remove]').length"))
                    .isEqualTo(3);

            String removedId = ids.get(3);
            Page removed = listeners.get(2);
            host.click("#roster li[data-peer-id='" + removedId + "'] button[data-action=remove]");
            removed.waitForSelector("#removed-notice", new Page.WaitForSelectorOptions().setTimeout(RoomPages.TIMEOUT_MS));
            assertThat(removed.textContent("#removed-notice")).contains("The host removed you from this room");
            assertThat(removed.isVisible("#roster-panel")).isFalse();
            for (Page p : all.subList(0, 3)) {
                p.waitForFunction("id => { const r = window.syncRoom.snapshot().roster; return r.listenerCount === 2"
                        + " && !r.entries.some(e => e.peerId === id)"
                        + " && !document.querySelector(`#roster li[data-peer-id='${id}']`); }", removedId, RoomPages.waits());
            }
            // The first reconnect would come 0.5 s after a drop; three times that, it still stays away.
            removed.waitForTimeout(1_500);
            assertThat(removed.evaluate("() => { const s = window.syncRoom.snapshot();"
                    + " return [s.removed, s.serverConnected, s.connections]; }")).asList().containsExactly(true, false, 1);
        } catch (RuntimeException | AssertionError e) {
            throw pages.failure(e);
        }
    }
}
