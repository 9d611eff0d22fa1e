package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayTreePlacementTest {
    private static final double NOW_MS = 1_000;

    private static RelayTree treeOf(int hostFanout, int fanout, int listeners) {
        RelayTree tree = new RelayTree("host", new TreeLimits(hostFanout, fanout, Math.max(listeners, 16)));
        for (int i = 0; i < listeners; i++) {
            tree.join("l" + i, true, NOW_MS);
        }
        return tree;
    }

    private static int ceilLog(int base, int n) {
        int depth = 0;
        for (long capacity = 1; capacity < n; capacity *= base) {
            depth++;
        }
        return depth;
    }

    @Test
    void firstListenersGoUnderTheHostThenBreadthFirstUnderTheEarliestJoined() {
        RelayTree tree = treeOf(2, 2, 6);
        assertThat(tree.childrenOf("host")).containsExactly("l0", "l1");
        assertThat(tree.childrenOf("l0")).containsExactly("l2", "l3");
        assertThat(tree.childrenOf("l1")).containsExactly("l4", "l5");
        assertThat(tree.depthOf("l5")).hasValue(2);
    }

    @Test
    void joinReturnsOneAssignmentFromNoParentToTheChosenParent() {
        RelayTree tree = treeOf(1, 4, 1);
        TreeChanges changes = tree.join("new", true, NOW_MS);
        assertThat(changes.assignments()).containsExactly(new Assignment("new", "l0", null, ChangeReason.JOINED));
        assertThat(changes.demotions()).isEmpty();
        assertThat(changes.departures()).isEmpty();
    }

    @Test
    void fanoutBoundsHoldForHostAndRelaysWhenTheyDiffer() {
        RelayTree tree = treeOf(2, 5, 300);
        assertThat(tree.childrenOf("host")).hasSize(2);
        for (String id : tree.listenerIds()) {
            assertThat(tree.childrenOf(id)).hasSizeLessThanOrEqualTo(5);
        }
        tree.checkInvariants();
    }

    @Test
    void depthStaysWithinOneOfCeilLogFanoutForFiveHundredJoins() {
        RelayTree tree = treeOf(4, 4, 500);
        assertThat(tree.maxDepth()).isLessThanOrEqualTo(ceilLog(4, 500) + 1).isEqualTo(5);
        tree.checkInvariants();
    }

    @Test
    void depthStaysWithinOneOfCeilLogFanoutForTenThousandJoins() {
        RelayTree tree = treeOf(4, 4, 10_000);
        assertThat(tree.size()).isEqualTo(10_000);
        assertThat(tree.maxDepth()).isLessThanOrEqualTo(ceilLog(4, 10_000) + 1).isEqualTo(7);
        tree.checkInvariants();
    }

    @Test
    void aListenerThatDeclaredNoRelayNeverGetsChildren() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(2, 100));
        tree.join("phone", false, NOW_MS);
        tree.join("a", true, NOW_MS);
        for (int i = 0; i < 40; i++) {
            tree.join("l" + i, i % 3 == 0, NOW_MS);
        }
        assertThat(tree.childrenOf("host")).containsExactly("phone", "a");
        assertThat(tree.childrenOf("phone")).isEmpty();
        assertThat(tree.isRelay("phone")).isFalse();
        for (String id : tree.listenerIds()) {
            if (!tree.isRelay(id)) {
                assertThat(tree.childrenOf(id)).as(id).isEmpty();
            }
        }
        tree.checkInvariants();
    }

    @Test
    void listenersWaitWhenNoRelayHasAFreeSlotAndArePlacedWhenOneFrees() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(1, 10));
        tree.join("phone", false, NOW_MS);
        TreeChanges waitingJoin = tree.join("tablet", false, NOW_MS);
        assertThat(waitingJoin.assignments()).containsExactly(new Assignment("tablet", null, null, ChangeReason.JOINED));
        assertThat(waitingJoin.assignments().get(0).waiting()).isTrue();
        assertThat(tree.isWaiting("tablet")).isTrue();
        assertThat(tree.depthOf("tablet")).isEmpty();
        tree.checkInvariants();

        TreeChanges leave = tree.leave("phone", NOW_MS);
        assertThat(leave.departures()).containsExactly(new Departure("phone", "host", ChangeReason.LEFT));
        assertThat(leave.assignments()).containsExactly(new Assignment("tablet", "host", null, ChangeReason.LEFT));
        assertThat(tree.waitingCount()).isZero();
        tree.checkInvariants();
    }

    @Test
    void joinRefusesDuplicatesAndListenersBeyondTheBound() {
        RelayTree tree = new RelayTree("host", TreeLimits.of(4, 2));
        tree.join("a", true, NOW_MS);
        assertThatThrownBy(() -> tree.join("a", true, NOW_MS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.join("host", true, NOW_MS)).isInstanceOf(IllegalArgumentException.class);
        tree.join("b", true, NOW_MS);
        assertThatThrownBy(() -> tree.join("c", true, NOW_MS)).isInstanceOf(IllegalStateException.class);
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void fanoutZeroIsAStarAroundTheHost() {
        RelayTree tree = new RelayTree("host", new TreeLimits(3, 0, 10));
        for (String id : List.of("a", "b", "c", "d")) {
            tree.join(id, true, NOW_MS);
        }
        assertThat(tree.childrenOf("host")).containsExactly("a", "b", "c");
        assertThat(tree.isWaiting("d")).isTrue();
        tree.checkInvariants();
    }

    @Test
    void hostSeatMovingToAnotherConnectionTakesItsChildrenAlong() {
        RelayTree tree = treeOf(2, 2, 5);
        TreeChanges changes = tree.reseatHost("host2", NOW_MS);
        assertThat(changes.assignments()).containsExactly(
                new Assignment("l0", "host2", "host", ChangeReason.HOST_RESEATED),
                new Assignment("l1", "host2", "host", ChangeReason.HOST_RESEATED));
        assertThat(tree.hostId()).isEqualTo("host2");
        assertThat(tree.childrenOf("host2")).containsExactly("l0", "l1");
        assertThat(tree.parentOf("l4")).hasValue("l1");
        tree.checkInvariants();
    }
}
