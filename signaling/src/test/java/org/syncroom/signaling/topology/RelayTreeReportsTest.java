package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayTreeReportsTest {
    /** Far beyond the grace period after the joins at time 0. */
    private static final double LATER_MS = 60_000;

    /** Host fanout 4, listener fanout 2, seven relays: free slots remain at depth 1 and 2. */
    private static RelayTree roomyTree() {
        RelayTree tree = new RelayTree("host", new TreeLimits(4, 2, 64));
        for (int i = 0; i < 7; i++) {
            tree.join("l" + i, true, 0);
        }
        // host: l0 l1 l2 l3 | l0: l4 l5 | l1: l6
        return tree;
    }

    @Test
    void aStarvingLeafMovesToTheShallowestFreeSlotOtherThanItsParent() {
        RelayTree tree = roomyTree();

        ReportResult result = tree.reportStarving("l5", "l0", LATER_MS);

        assertThat(result.verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(result.changes().assignments()).containsExactly(
                new Assignment("l5", "l1", "l0", ChangeReason.STARVING));
        assertThat(tree.childrenOf("l0")).containsExactly("l4");
        tree.checkInvariants();
    }

    @Test
    void inAFullTreeAStarvingRelayTradesPlacesWithACousinSoNoSubtreeDeepens() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        ReportResult result = tree.reportStarving("l2", "l0", LATER_MS);

        assertThat(result.verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(result.changes().assignments()).containsExactly(
                new Assignment("l2", "l1", "l0", ChangeReason.STARVING),
                new Assignment("l5", "l0", "l1", ChangeReason.STARVING));
        assertThat(tree.childrenOf("l2")).containsExactly("l6", "l7");
        assertThat(tree.childrenOf("l5")).containsExactly("l12", "l13");
        assertThat(tree.maxDepth()).isEqualTo(3);
        tree.checkInvariants();
    }

    @Test
    void aStarvingRelayTakesTheSlotOfAShallowLeafWhichMovesToAFreeSlot() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(2, 64));
        tree.join("l0", true, 0);
        tree.join("phone", false, 0);
        for (int i = 2; i < 9; i++) {
            tree.join("l" + i, true, 0);
        }
        // host: l0 phone | l0: l2 l3 | l2: l4 l5 | l3: l6 l7 | l4: l8; l2 moves up to depth 1,
        // so l4 (depth 2, one child) is the shallowest free slot for the phone
        ReportResult result = tree.reportStarving("l2", "l0", LATER_MS);

        assertThat(result.changes().assignments()).containsExactly(
                new Assignment("l2", "host", "l0", ChangeReason.STARVING),
                new Assignment("phone", "l4", "host", ChangeReason.STARVING));
        assertThat(tree.childrenOf("l2")).containsExactly("l4", "l5");
        tree.checkInvariants();
    }

    @Test
    void aStarvingReportFromAListenerThatIsNotTheChildOfTheSuspectIsIgnored() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        Map<String, String> before = TreeShapes.parents(tree);

        ReportResult notChild = tree.reportStarving("l6", "l3", LATER_MS);
        ReportResult grandchild = tree.reportStarving("l6", "l0", LATER_MS);
        ReportResult stranger = tree.reportStarving("nobody", "l0", LATER_MS);

        assertThat(notChild.verdict()).isEqualTo(ReportVerdict.NOT_CURRENT_PARENT);
        assertThat(grandchild.verdict()).isEqualTo(ReportVerdict.NOT_CURRENT_PARENT);
        assertThat(stranger.verdict()).isEqualTo(ReportVerdict.UNKNOWN_REPORTER);
        assertThat(notChild.changes().isEmpty()).isTrue();
        assertThat(TreeShapes.parents(tree)).isEqualTo(before);
    }

    @Test
    void reportsBeyondTheBudgetOfAReporterAreRefusedUntilTheWindowPasses() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        for (int i = 0; i < ReportLimiter.REPORTS_PER_WINDOW_MAX; i++) {
            assertThat(tree.reportStarving("l6", "l3", LATER_MS + i).verdict()).isEqualTo(ReportVerdict.NOT_CURRENT_PARENT);
        }
        Map<String, String> before = TreeShapes.parents(tree);

        ReportResult refused = tree.reportTampering("l6", "l2", LATER_MS + 10);

        assertThat(refused.verdict()).isEqualTo(ReportVerdict.RATE_LIMITED);
        assertThat(tree.isRelay("l2")).isTrue();
        assertThat(TreeShapes.parents(tree)).isEqualTo(before);
        assertThat(tree.reportStarving("l7", "l2", LATER_MS + 10).verdict())
                .as("another reporter has its own budget").isEqualTo(ReportVerdict.ACTED);

        double windowLater = LATER_MS + ReportLimiter.REPORT_WINDOW_MS;
        assertThat(tree.reportTampering("l6", "l2", windowLater).verdict()).isEqualTo(ReportVerdict.ACTED);
    }

    @Test
    void aTamperReportDemotesTheRelayAndMovesAllItsChildrenAway() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);

        ReportResult result = tree.reportTampering("l2", "l0", LATER_MS);

        assertThat(result.verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(result.changes().demotions()).containsExactly(new Demotion("l0", ChangeReason.TAMPERING));
        assertThat(tree.isRelay("l0")).isFalse();
        assertThat(tree.childrenOf("l0")).isEmpty();
        // l13, the deepest relay leaf, took l0's slot and children; l0 went to the slot l13 freed.
        assertThat(tree.parentOf("l13")).hasValue("host");
        assertThat(tree.childrenOf("l13")).containsExactly("l2", "l3");
        assertThat(tree.childrenOf("l2")).containsExactly("l6", "l7");
        assertThat(result.changes().assignments()).containsExactlyInAnyOrder(
                new Assignment("l2", "l13", "l0", ChangeReason.TAMPERING),
                new Assignment("l3", "l13", "l0", ChangeReason.TAMPERING),
                new Assignment("l13", "host", "l5", ChangeReason.TAMPERING),
                new Assignment("l0", "l5", "host", ChangeReason.TAMPERING));
        tree.checkInvariants();
    }

    @Test
    void aDemotedRelayNeverGetsChildrenAgain() {
        RelayTree tree = roomyTree();
        tree.reportTampering("l4", "l0", LATER_MS);
        for (int i = 7; i < 40; i++) {
            tree.join("l" + i, true, LATER_MS);
        }
        assertThat(tree.childrenOf("l0")).isEmpty();
        tree.checkInvariants();
    }

    @Test
    void aTamperReportAgainstTheHostChangesNothing() {
        RelayTree tree = roomyTree();
        ReportResult result = tree.reportTampering("l0", "host", LATER_MS);
        assertThat(result.verdict()).isEqualTo(ReportVerdict.HOST_CANNOT_BE_DEMOTED);
        assertThat(tree.parentOf("l0")).hasValue("host");
    }

    @Test
    void aRelayReportedStarvingByThreeChildrenInTheWindowIsDemoted() {
        RelayTree tree = new RelayTree("host", new TreeLimits(1, 4, 64));
        for (int i = 0; i < 9; i++) {
            tree.join("l" + i, true, 0);
        }
        // host: l0 | l0: l1 l2 l3 l4 | l1: l5 l6 l7 l8
        assertThat(tree.reportStarving("l5", "l1", LATER_MS).verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(tree.reportStarving("l6", "l1", LATER_MS + 1).verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(tree.isRelay("l1")).isTrue();

        ReportResult third = tree.reportStarving("l7", "l1", LATER_MS + 2);

        assertThat(third.verdict()).isEqualTo(ReportVerdict.ACTED);
        assertThat(third.changes().demotions()).containsExactly(new Demotion("l1", ChangeReason.STARVING));
        assertThat(tree.isRelay("l1")).isFalse();
        assertThat(tree.childrenOf("l1")).isEmpty();
        assertThat(tree.parentOf("l7")).isNotEqualTo(tree.parentOf("l1"));
        tree.checkInvariants();
    }

    @Test
    void strikesOlderThanTheWindowDoNotCount() {
        RelayTree tree = new RelayTree("host", new TreeLimits(1, 4, 64));
        for (int i = 0; i < 9; i++) {
            tree.join("l" + i, true, 0);
        }
        tree.reportStarving("l5", "l1", LATER_MS);
        tree.reportStarving("l6", "l1", LATER_MS + 1);
        tree.reportStarving("l7", "l1", LATER_MS + StarvingStrikes.STRIKE_WINDOW_MS);
        assertThat(tree.isRelay("l1")).isTrue();
    }

    @Test
    void aStarvingReportAboutAParentWhoseOwnUpstreamJustChangedIsIgnored() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        tree.leave("l0", LATER_MS);                       // l2 and l3 now under l13
        Map<String, String> before = TreeShapes.parents(tree);

        ReportResult early = tree.reportStarving("l6", "l2", LATER_MS + 100);
        assertThat(early.verdict()).isEqualTo(ReportVerdict.UPSTREAM_RECOVERING);
        assertThat(TreeShapes.parents(tree)).isEqualTo(before);

        ReportResult late = tree.reportStarving("l6", "l2", LATER_MS + RelayTree.UPSTREAM_GRACE_MS);
        assertThat(late.verdict()).isEqualTo(ReportVerdict.ACTED);
    }

    @Test
    void aStarvingReportAboutAParentThatIsStarvingItselfIsIgnoredSoOnlyTheTopOfTheOutageMoves() {
        RelayTree tree = TreeShapes.binaryOfFourteen(0);
        tree.leave("l0", LATER_MS);                       // l2 and l3 now under l13
        double claimedAt = LATER_MS + RelayTree.UPSTREAM_GRACE_MS - 500;
        assertThat(tree.reportStarving("l2", "l13", claimedAt).verdict())
                .as("l13's own upstream just changed").isEqualTo(ReportVerdict.UPSTREAM_RECOVERING);
        Map<String, String> before = TreeShapes.parents(tree);

        // Past the grace period l2's children still starve, because l2 does: their reports move nobody.
        ReportResult child = tree.reportStarving("l6", "l2", claimedAt + 1_000);
        assertThat(child.verdict()).isEqualTo(ReportVerdict.UPSTREAM_STARVING);
        assertThat(TreeShapes.parents(tree)).isEqualTo(before);

        // Once l2 has stopped saying it starves, its children's reports count again.
        ReportResult later = tree.reportStarving("l6", "l2", claimedAt + RelayTree.STARVING_CLAIM_MS);
        assertThat(later.verdict()).isEqualTo(ReportVerdict.ACTED);
    }

    @Test
    void aListenerThatDeclaredNoRelayNeverGetsChildrenThroughChurn() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(2, 64));
        tree.join("phone", false, 0);
        for (int i = 0; i < 30; i++) {
            tree.join("l" + i, true, 0);
        }
        for (int i = 0; i < 30; i += 4) {
            tree.leave("l" + i, LATER_MS);
        }
        tree.reportTampering("l3", tree.parentOf("l3").orElseThrow(), 2 * LATER_MS);
        for (int i = 30; i < 50; i++) {
            tree.join("l" + i, true, 2 * LATER_MS);
        }
        assertThat(tree.childrenOf("phone")).isEmpty();
        tree.checkInvariants();
    }
}
