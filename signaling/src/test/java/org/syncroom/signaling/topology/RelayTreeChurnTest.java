package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style: random joins, leaves, failures, reports (true and false) and host reseats with a
 * fixed seed; after every operation the tree's invariants hold and the returned changes are
 * exactly the difference between the tree before and after.
 */
class RelayTreeChurnTest {
    private static final long SEED = 20261201L;
    private static final int OPERATIONS = 4_000;
    private static final int LISTENERS_MAX = 400;

    @Test
    void randomChurnKeepsEveryListenerReachableWithoutCyclesAndReportsExactlyWhatChanged() {
        Random random = new Random(SEED);
        RelayTree tree = new RelayTree("host0", new TreeLimits(2, 3, LISTENERS_MAX));
        List<String> present = new ArrayList<>();
        int nextId = 0;
        int hostSeats = 0;
        double nowMs = 0;
        Map<ReportVerdict, Integer> verdicts = new HashMap<>();

        String burstReporter = null;
        int burstLeft = 0;
        for (int op = 0; op < OPERATIONS; op++) {
            int roll = random.nextInt(100);
            if (burstLeft > 0 && present.contains(burstReporter)) {
                burstLeft--;      // a client hammering the server: same reporter, same instant
                roll = 80;
            } else {
                nowMs += random.nextInt(2_000);
                burstLeft = 0;
            }
            Map<String, String> before = TreeShapes.parents(tree);
            TreeChanges changes;
            if (burstLeft == 0 && (present.size() < 5 || (roll < 40 && present.size() < LISTENERS_MAX))) {
                String id = "l" + nextId++;
                changes = tree.join(id, random.nextInt(10) != 0, nowMs);
                present.add(id);
                assertThat(changes.assignments()).extracting(Assignment::childId).contains(id);
            } else if (roll < 55) {
                changes = tree.leave(present.remove(random.nextInt(present.size())), nowMs);
            } else if (roll < 65) {
                changes = tree.fail(present.remove(random.nextInt(present.size())), nowMs);
            } else if (roll < 97) {
                String reporter = burstLeft > 0 ? burstReporter : present.get(random.nextInt(present.size()));
                if (burstLeft == 0 && random.nextInt(20) == 0) {
                    burstReporter = reporter;
                    burstLeft = ReportLimiter.REPORTS_PER_WINDOW_MAX + 2;
                }
                String suspect = random.nextInt(5) == 0
                        ? present.get(random.nextInt(present.size()))
                        : tree.parentOf(reporter).orElse("host" + hostSeats);
                ReportResult result = roll < 93
                        ? tree.reportStarving(reporter, suspect, nowMs)
                        : tree.reportTampering(reporter, suspect, nowMs);
                verdicts.merge(result.verdict(), 1, Integer::sum);
                if (result.verdict() != ReportVerdict.ACTED) {
                    assertThat(result.changes().isEmpty()).isTrue();
                }
                changes = result.changes();
            } else {
                hostSeats++;
                changes = tree.reseatHost("host" + hostSeats, nowMs);
            }

            tree.checkInvariants();
            assertChangesAreExactlyTheDifference(before, TreeShapes.parents(tree), changes, "host" + hostSeats);
            for (String id : present) {
                if (!tree.isRelay(id)) {
                    assertThat(tree.childrenOf(id)).as("non-relay %s", id).isEmpty();
                }
            }
        }
        assertThat(verdicts.keySet()).as("the loop exercised the report paths")
                .contains(ReportVerdict.ACTED, ReportVerdict.NOT_CURRENT_PARENT, ReportVerdict.RATE_LIMITED,
                        ReportVerdict.UPSTREAM_RECOVERING);
        assertThat(tree.size()).isEqualTo(present.size());
    }

    private static void assertChangesAreExactlyTheDifference(Map<String, String> before, Map<String, String> after,
                                                             TreeChanges changes, String hostId) {
        Set<String> departed = new HashSet<>(before.keySet());
        departed.removeAll(after.keySet());
        assertThat(changes.departures()).extracting(Departure::peerId).containsExactlyInAnyOrderElementsOf(departed);
        for (Departure departure : changes.departures()) {
            assertThat(departure.parentId()).isEqualTo(before.get(departure.peerId()));
        }

        Map<String, Assignment> byChild = new HashMap<>();
        for (Assignment assignment : changes.assignments()) {
            assertThat(byChild.put(assignment.childId(), assignment)).as("one assignment per child").isNull();
            assertThat(after).containsKey(assignment.childId());
            assertThat(assignment.newParentId()).isEqualTo(after.get(assignment.childId()));
            assertThat(assignment.oldParentId()).isEqualTo(before.get(assignment.childId()));
        }
        for (Map.Entry<String, String> entry : after.entrySet()) {
            String child = entry.getKey();
            String oldParent = before.get(child);
            boolean hostReseated = oldParent != null && oldParent.startsWith("host") && hostId.equals(entry.getValue());
            if (!Objects.equals(oldParent, entry.getValue()) || !before.containsKey(child)) {
                assertThat(byChild).as("change of %s (%s -> %s) reported", child, oldParent, entry.getValue())
                        .containsKey(child);
            } else if (!hostReseated) {
                assertThat(byChild).as("unchanged %s not reported", child).doesNotContainKey(child);
            }
        }
    }
}
