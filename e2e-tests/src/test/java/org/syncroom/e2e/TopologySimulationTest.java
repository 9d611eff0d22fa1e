package org.syncroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's simulation, small: invariants after every operation and the depth bound; no timings. */
class TopologySimulationTest {
    @Test
    void twoThousandJoinsWithChurnKeepTheTreeSoundAndWithinOneOfCeilLogFanout() {
        TopologySimulation.Config config = new TopologySimulation.Config(2_000, 0.2, 0.10, 4, 4, 42L, true);

        TopologySimulation.Result result = new TopologySimulation(config).run();

        assertThat(result.churnEvents()).isEqualTo(400);
        assertThat(result.leaves() + result.failures() + result.starvingReports()).isEqualTo(400);
        assertThat(result.listenersAtEnd()).isEqualTo(2_000);
        assertThat(result.waitingAtEnd()).isZero();
        assertThat(result.ceilLogFanoutBound()).isEqualTo(6);
        assertThat(result.depthMax()).isLessThanOrEqualTo(result.ceilLogFanoutBound() + 1);
        assertThat(result.maxDepthDuringChurn()).isLessThanOrEqualTo(result.ceilLogFanoutBound() + 1);
        assertThat(result.reparentsPerDeparture().max()).as("a departure moves at most fanout + 1 + promotions")
                .isLessThanOrEqualTo(4 + 1 + 4);
    }
}
