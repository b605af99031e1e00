package io.agentix.incident.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    private final PartitionOffsets offsets = new PartitionOffsets();

    @Test
    void nothingToCommitBeforeAnythingIsTaken() {
        assertThat(offsets.toCommit()).isEmpty();
    }

    @Test
    void commitsOnlyUpToTheLowestUnfinishedOffset() {
        offsets.taken(10);
        offsets.taken(11);
        offsets.taken(12);
        assertThat(offsets.toCommit()).as("the position is at 10 already").isEmpty();

        offsets.finished(11);
        offsets.finished(12);
        assertThat(offsets.toCommit()).as("10 is parked: nothing past it").isEmpty();

        offsets.finished(10);
        assertThat(offsets.toCommit()).hasValue(13);
        assertThat(offsets.unfinished()).isZero();
    }

    @Test
    void gapsLeftByTransactionMarkersDoNotHoldTheCommitBack() {
        offsets.taken(1);
        offsets.finished(1);
        offsets.taken(3);
        offsets.taken(7);
        offsets.finished(3);
        assertThat(offsets.toCommit()).hasValue(7);
        offsets.finished(7);
        assertThat(offsets.toCommit()).hasValue(8);
    }

    @Test
    void offersAnOffsetOnlyOnceItMovedPastTheLastCommit() {
        offsets.taken(0);
        offsets.finished(0);
        assertThat(offsets.toCommit()).hasValue(1);
        offsets.committed(1);
        assertThat(offsets.toCommit()).isEqualTo(OptionalLong.empty());
        offsets.taken(1);
        assertThat(offsets.toCommit()).isEmpty();
        offsets.finished(1);
        assertThat(offsets.toCommit()).hasValue(2);
    }

    @Test
    void refusesOffsetsOutOfOrderOrFinishedTwice() {
        offsets.taken(5);
        assertThatThrownBy(() -> offsets.taken(5)).hasMessageContaining("offset 5 taken after 5");
        offsets.finished(5);
        assertThatThrownBy(() -> offsets.finished(5)).hasMessageContaining("finished already");
    }
}
