package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seven Chromium listeners in a relay tree of fanout 2 (three hops deep), the host feeding only
 * two of them. A relay flips bytes in what it forwards, another forges pause pulses, a relay
 * with children leaves mid-track, and a late joiner attaches under a relay: the tampering is
 * caught by every child (signatures), the tree routes around both tamperers and the leaver, and
 * everyone still hears every click in step.
 */
class RelayTreeIT {

    @Test
    void aTreeOfFanoutTwoStaysInStepThroughTamperingRelaysALeavingRelayAndALateJoiner() throws Exception {
        ListeningSession.with(line -> System.out.println("[e2e] " + line), 40, config -> config.withFanout(2, 2),
                session -> {
            List<ClockSkew> skews = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                skews.add(ClockSkew.forListener(i));
            }
            List<ListeningSession.Listener> listeners = session.joinAndPlay(skews);
            session.awaitRoomPosition(1.5);

            Map<String, Object> host = session.hostSnapshot();
            assertThat(((Number) host.get("downstreamLinks")).intValue()).as("streams the host sends").isEqualTo(2);
            String hostId = (String) host.get("peerId");
            Tree tree = Tree.of(session, listeners, hostId);
            assertThat(tree.maxDepth()).as("hops from the host to the deepest listener").isGreaterThanOrEqualTo(3);

            // A relay below the host's children flips bytes in the chunks it forwards.
            ListeningSession.Listener flipper = tree.relayAtDepth(2);
            List<ListeningSession.Listener> flipped = tree.childrenOf(flipper);
            session.tamper(flipper, "flip-bytes");
            awaitRoutedAround(session, flipped, tree.idOf(flipper));
            session.awaitSnapshot(flipper, "s => s.feeds.length === 0");

            // Then another relay forges pause pulses of its own: its children go on playing.
            Tree second = Tree.of(session, listeners, hostId);
            ListeningSession.Listener forger = second.relayWithChildrenOtherThan(flipper);
            List<ListeningSession.Listener> forged = second.childrenOf(forger);
            session.tamper(forger, "forge-pause");
            awaitRoutedAround(session, forged, second.idOf(forger));
            session.awaitSnapshot(forger, "s => s.feeds.length === 0");
            for (ListeningSession.Listener child : forged) {
                assertThat(((Map<?, ?>) session.snapshot(child).get("playback")).get("playing"))
                        .as(child.name() + " ignored the forged pause").isEqualTo(true);
            }
            session.awaitRoomPosition(session.roomPosition() + 1.5);

            // A relay with children leaves mid-track.
            Tree now = Tree.of(session, listeners, hostId);
            ListeningSession.Listener leaver = now.relayWithChildrenOtherThan(flipper, forger);
            List<ListeningSession.Listener> orphans = now.childrenOf(leaver);
            session.leave(leaver);
            for (ListeningSession.Listener orphan : orphans) {
                session.awaitSnapshot(orphan, "s => s.upstreamPeerId !== '" + now.idOf(leaver) + "' && s.upstreamState === 'flowing'");
            }

            // A late joiner attaches under a relay: the host's two slots are taken.
            ListeningSession.Listener late = session.join("late-listener-0", ClockSkew.forListener(7), true);
            session.awaitListening(late);
            session.awaitFed(late);
            assertThat(session.snapshot(late).get("upstreamPeerId")).as("the late joiner's parent").isNotEqualTo(hostId);
            session.awaitRoomPosition(session.roomPosition() + 5);

            List<Recording> recordings = session.recordings();
            AlignmentReport report = AlignmentReport.of(recordings);
            System.out.println(report.describe());
            recordings.forEach(r -> System.out.println(r.name() + " " + r.milestones()));
            assertThat(report.levelMismatches()).as("clicks matched to a different click")
                    .isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            // Nine Chromiums on two cores: one click may come out late on a starved page (seen 1 run in 3
            // on 2026-12-03, before and after that day's changes: one click at 34-47 ms, every other
            // within 3 ms); more than that, or a p95 beyond the bound, fails.
            assertThat(report.clicksSpreadBeyond(Bounds.SPREAD_MS)).as("clicks spread beyond " + Bounds.SPREAD_MS
                    + " ms between listeners; " + report.worstClick()).isLessThanOrEqualTo(Bounds.GLITCHED_CLICKS);
            assertThat(report.spreadMs().p95()).as("p95 spread between listeners, ms").isLessThan(Bounds.SPREAD_MS);
            for (Recording r : recordings) {
                if (r.lateJoiner()) {
                    continue;
                }
                List<Recording.Click> clicks = r.clicks();
                assertThat(clicks).as(r.name() + " clicks").hasSizeGreaterThanOrEqualTo(14);
                for (int i = 1; i < clicks.size(); i++) {
                    assertThat(clicks.get(i).atMs() - clicks.get(i - 1).atMs())
                            .as(r.name() + " gap before click " + i + " (none may be lost)").isLessThan(600);
                }
            }
            Recording lateRecording = recordings.stream().filter(Recording::lateJoiner).findFirst().orElseThrow();
            assertThat(AlignmentReport.of(List.of(recordings.get(0), lateRecording)).clicksCompared())
                    .as("late joiner clicks matched").isGreaterThanOrEqualTo(6);
            return null;
        });
    }

    /**
     * Waits until every child of a tampering relay has been moved to another parent, and checks
     * that the children caught the tampering themselves (a child moved along with the first one
     * to report may not have seen a bad envelope).
     */
    private static void awaitRoutedAround(ListeningSession session, List<ListeningSession.Listener> children,
                                          String tampererId) {
        for (ListeningSession.Listener child : children) {
            session.awaitSnapshot(child, "s => s.upstreamPeerId !== '" + tampererId + "'");
        }
        int caught = 0;
        for (ListeningSession.Listener child : children) {
            caught += ((Number) ((Map<?, ?>) session.snapshot(child).get("envelopes")).get("forged")).intValue();
        }
        assertThat(caught).as("bad envelopes the tamperer's children caught and dropped").isPositive();
    }

    /** The tree as the listeners' own snapshots describe it. */
    private record Tree(Map<String, ListeningSession.Listener> byId, Map<String, String> upstreamOf, String hostId) {

        static Tree of(ListeningSession session, List<ListeningSession.Listener> listeners, String hostId) {
            Map<String, ListeningSession.Listener> byId = new HashMap<>();
            Map<String, String> upstreamOf = new HashMap<>();
            for (ListeningSession.Listener l : listeners) {
                if (!l.page().isClosed()) {
                    Map<String, Object> s = session.snapshot(l);
                    byId.put((String) s.get("peerId"), l);
                    upstreamOf.put((String) s.get("peerId"), (String) s.get("upstreamPeerId"));
                }
            }
            return new Tree(byId, upstreamOf, hostId);
        }

        String idOf(ListeningSession.Listener listener) {
            return byId.entrySet().stream().filter(e -> e.getValue() == listener).findFirst().orElseThrow().getKey();
        }

        int depthOf(String id) {
            int depth = 0;
            for (String p = id; p != null && !p.equals(hostId) && depth < 50; p = upstreamOf.get(p)) {
                depth++;
            }
            return depth;
        }

        int maxDepth() {
            return byId.keySet().stream().mapToInt(this::depthOf).max().orElse(0);
        }

        List<ListeningSession.Listener> childrenOf(ListeningSession.Listener parent) {
            String id = idOf(parent);
            return upstreamOf.entrySet().stream().filter(e -> id.equals(e.getValue())).map(e -> byId.get(e.getKey())).toList();
        }

        ListeningSession.Listener relayAtDepth(int depth) {
            return byId.values().stream().filter(l -> depthOf(idOf(l)) == depth && !childrenOf(l).isEmpty())
                    .findFirst().orElseThrow(() -> new AssertionError("no relay with children at depth " + depth + ": " + upstreamOf));
        }

        ListeningSession.Listener relayWithChildrenOtherThan(ListeningSession.Listener... not) {
            List<ListeningSession.Listener> excluded = List.of(not);
            return byId.values().stream().filter(l -> !excluded.contains(l) && !childrenOf(l).isEmpty())
                    .findFirst().orElseThrow(() -> new AssertionError("no other relay with children: " + upstreamOf));
        }
    }
}
