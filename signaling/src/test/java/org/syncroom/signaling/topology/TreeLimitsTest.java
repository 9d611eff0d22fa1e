package org.syncroom.signaling.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TreeLimitsTest {
    @Test
    void balancedDepthIsTheLeastDepthThatHoldsTheListeners() {
        TreeLimits four = TreeLimits.of(4, 20_000);
        assertThat(four.balancedDepth(0)).isZero();
        assertThat(four.balancedDepth(4)).isEqualTo(1);
        assertThat(four.balancedDepth(5)).isEqualTo(2);
        assertThat(four.balancedDepth(20)).isEqualTo(2);
        assertThat(four.balancedDepth(21)).isEqualTo(3);
        assertThat(four.balancedDepth(500)).isEqualTo(5);
        assertThat(four.balancedDepth(10_000)).isEqualTo(7);
        assertThat(new TreeLimits(2, 4, 100).balancedDepth(10)).isEqualTo(2);
        assertThat(new TreeLimits(3, 1, 100).balancedDepth(10)).isEqualTo(4);
        assertThat(new TreeLimits(3, 0, 100).balancedDepth(10)).isEqualTo(1);
    }

    @Test
    void limitsRefuseAHostThatFeedsNobody() {
        assertThatThrownBy(() -> new TreeLimits(0, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TreeLimits(4, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
