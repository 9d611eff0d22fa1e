package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayTreeDepartureTest {
    private static final double NOW_MS = 50_000;

    @Test
    void aRelayLeavingMovesExactlyItsChildrenToASubstituteAndKeepsGrandchildrenUnderThem() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        TreeChanges changes = tree.leave("l0", NOW_MS);

        // The deepest, latest-joined relay leaf l13 takes l0's slot and adopts l2 and l3.
        assertThat(changes.assignments()).containsExactlyInAnyOrder(
                new Assignment("l2", "l13", "l0", ChangeReason.LEFT),
                new Assignment("l3", "l13", "l0", ChangeReason.LEFT),
                new Assignment("l13", "host", "l5", ChangeReason.LEFT));
        assertThat(changes.departures()).containsExactly(new Departure("l0", "host", ChangeReason.LEFT));
        assertThat(tree.childrenOf("l2")).containsExactly("l6", "l7");
        assertThat(tree.childrenOf("l3")).containsExactly("l8", "l9");
        assertThat(tree.depthOf("l2")).hasValue(2);
        assertThat(tree.depthOf("l9")).hasValue(3);
        assertThat(tree.contains("l0")).isFalse();
        assertThat(tree.maxDepth()).isEqualTo(3);
        tree.checkInvariants();
    }

    @Test
    void theNextSubstitutesAreTheRelayLeavesInTheOrderDeparturesWouldTakeThem() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        assertThat(tree.nextSubstitutes(3)).containsExactly("l13", "l12", "l11");
        tree.leave("l0", NOW_MS); // l13 takes l0's slot: no longer a leaf
        assertThat(tree.nextSubstitutes(2)).containsExactly("l12", "l11");
        assertThat(tree.nextSubstitutes(100)).doesNotContain("l13", "l2", "l0").hasSize(7);
    }

    @Test
    void aRelayFailingSilentlyIsReplacedByItsOwnLeafChildWhenThatIsTheDeepest() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        TreeChanges changes = tree.fail("l5", NOW_MS);

        assertThat(changes.assignments()).containsExactlyInAnyOrder(
                new Assignment("l12", "l13", "l5", ChangeReason.FAILED),
                new Assignment("l13", "l1", "l5", ChangeReason.FAILED));
        assertThat(changes.departures()).containsExactly(new Departure("l5", "l1", ChangeReason.FAILED));
        assertThat(tree.childrenOf("l1")).containsExactly("l4", "l13");
        tree.checkInvariants();
    }

    @Test
    void aLeafLeavingMovesNobodyAndTellsItsParentToDropIt() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        Map<String, String> before = TreeShapes.parents(tree);

        TreeChanges changes = tree.leave("l9", NOW_MS);

        assertThat(changes.assignments()).isEmpty();
        assertThat(changes.departures()).containsExactly(new Departure("l9", "l3", ChangeReason.LEFT));
        before.remove("l9");
        assertThat(TreeShapes.parents(tree)).isEqualTo(before);
        tree.checkInvariants();
    }

    @Test
    void leavingTwiceOrLeavingUnknownChangesNothing() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        tree.leave("l9", NOW_MS);
        assertThat(tree.leave("l9", NOW_MS).isEmpty()).isTrue();
        assertThat(tree.fail("stranger", NOW_MS).isEmpty()).isTrue();
        assertThat(tree.size()).isEqualTo(13);
    }

    @Test
    void withNoRelayLeafAnywhereOrphansTakeFreeSlotsOrWait() {
        RelayTree tree = new RelayTree("host", new TreeLimits(1, 2, 10));
        tree.join("relay", true, NOW_MS);
        tree.join("phone", false, NOW_MS);
        tree.join("tablet", false, NOW_MS);
        assertThat(tree.childrenOf("relay")).containsExactly("phone", "tablet");

        TreeChanges changes = tree.leave("relay", NOW_MS);

        assertThat(changes.assignments()).containsExactly(
                new Assignment("phone", "host", "relay", ChangeReason.LEFT),
                new Assignment("tablet", null, "relay", ChangeReason.LEFT));
        assertThat(tree.isWaiting("tablet")).isTrue();
        tree.checkInvariants();

        TreeChanges relayJoins = tree.leave("phone", NOW_MS);
        assertThat(relayJoins.assignments()).containsExactly(new Assignment("tablet", "host", null, ChangeReason.LEFT));
        tree.checkInvariants();
    }

    @Test
    void leavingAfterManyDeparturesNeverDeepensTheTree() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(4, 2_000));
        for (int i = 0; i < 1_000; i++) {
            tree.join("l" + i, true, 0);
        }
        int depthBefore = tree.maxDepth();
        for (int i = 0; i < 1_000; i += 3) {
            tree.leave("l" + i, NOW_MS);
            assertThat(tree.maxDepth()).isLessThanOrEqualTo(depthBefore);
        }
        tree.checkInvariants();
    }
}
