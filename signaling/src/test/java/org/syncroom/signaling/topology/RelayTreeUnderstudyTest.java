package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayTreeUnderstudyTest {
    private static final double NOW_MS = 50_000;

    /** feeder of each child's standby link; fails on a child with two */
    private static Map<String, String> understudyOfChild(List<StandbyLink> links) {
        Map<String, String> byChild = new HashMap<>();
        for (StandbyLink link : links) {
            assertThat(byChild.put(link.childId(), link.feederId())).as("one standby link per child").isNull();
        }
        return byChild;
    }

    private static boolean isBelow(RelayTree tree, String node, String ancestor) {
        for (String p = tree.parentOf(node).orElse(null); p != null && !p.equals("host"); p = tree.parentOf(p).orElse(null)) {
            if (p.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyChildOfARelayHasAStandbyLinkFromOneRelayLeafOutsideThatRelaysSubtree() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        List<StandbyLink> links = tree.refreshStandbyLinks();

        Map<String, String> understudy = understudyOfChild(links);
        // l0..l5 have two children each: twelve children of listener relays (the host's are not covered).
        assertThat(understudy.keySet()).containsExactlyInAnyOrder(
                "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10", "l11", "l12", "l13");
        tree.checkInvariants();
        Map<String, String> relayOfUnderstudy = new HashMap<>();
        for (StandbyLink link : links) {
            String relay = tree.parentOf(link.childId()).orElseThrow();
            String previous = relayOfUnderstudy.put(link.feederId(), relay);
            assertThat(previous == null || previous.equals(relay)).as("a leaf understudies one relay").isTrue();
            assertThat(tree.childrenOf(link.feederId())).as("an understudy is a leaf").isEmpty();
            assertThat(isBelow(tree, link.feederId(), relay)).as("not below the relay it understudies").isFalse();
        }
        Set<String> pairs = new HashSet<>();
        for (StandbyLink link : links) {
            String a = link.feederId(), b = link.childId();
            assertThat(pairs.add(a.compareTo(b) < 0 ? a + b : b + a)).as("two pages are linked at most once").isTrue();
        }
    }

    @Test
    void aRelayThatLeavesIsReplacedByItsUnderstudySoEveryOrphanMovesAlongItsStandbyLink() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        Map<String, String> understudy = understudyOfChild(tree.refreshStandbyLinks());

        TreeChanges changes = tree.leave("l2", NOW_MS);

        String substitute = understudy.get("l6");
        assertThat(understudy.get("l7")).isEqualTo(substitute);
        assertThat(changes.assignments()).contains(
                new Assignment("l6", substitute, "l2", ChangeReason.LEFT),
                new Assignment("l7", substitute, "l2", ChangeReason.LEFT));
        assertThat(tree.parentOf(substitute)).hasValue("l0");
        assertThat(tree.depthOf("l6")).hasValue(3);
        tree.checkInvariants();
        // The substitute is a relay with children now: it understudies no one any more.
        for (StandbyLink link : tree.refreshStandbyLinks()) {
            assertThat(link.feederId()).isNotEqualTo(substitute);
        }
    }

    @Test
    void understudiesAreKeptWhileTheyFitAndALeafGivenAChildStopsUnderstudying() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(2, 64));
        for (int i = 0; i < 7; i++) {
            tree.join("l" + i, true, 0);
        }
        // host: l0 l1 | l0: l2 l3 | l1: l4 l5 | l2: l6
        List<StandbyLink> first = tree.refreshStandbyLinks();
        assertThat(tree.refreshStandbyLinks()).as("nothing changed, nothing moves").isEqualTo(first);
        String ofL2 = understudyOfChild(first).get("l6");
        assertThat(ofL2).isNotNull();

        // The next joiner goes under l2 too: l2's understudy, still a leaf, links to it as well.
        tree.join("l7", true, 0);
        Map<String, String> now = understudyOfChild(tree.refreshStandbyLinks());
        assertThat(now.get("l6")).isEqualTo(ofL2);
        assertThat(now.get("l7")).isEqualTo(ofL2);
        // Placement then gives the other leaves children: whoever has children understudies no one.
        for (int i = 8; i < 13; i++) {
            tree.join("l" + i, true, 0);
        }
        for (StandbyLink link : tree.refreshStandbyLinks()) {
            assertThat(tree.childrenOf(link.feederId())).as(link + ": understudies are leaves").isEmpty();
        }
    }

    @Test
    void aListenerThatCannotRelayNeverUnderstudies() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(1, 64));
        tree.join("a", true, 0);
        tree.join("b", true, 0);
        tree.join("leafOnly", false, 0);
        // host: a | a: b | b: leafOnly. b's only fitting understudy would be leafOnly, which cannot relay.
        assertThat(tree.refreshStandbyLinks()).isEmpty();
        TreeChanges changes = tree.leave("b", NOW_MS);
        assertThat(changes.assignments()).containsExactly(new Assignment("leafOnly", "a", "b", ChangeReason.LEFT));
        tree.checkInvariants();
    }
}
