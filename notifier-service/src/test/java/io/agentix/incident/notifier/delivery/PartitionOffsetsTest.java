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
    void theCommitFollowsThePositionPastATrailingMarkerOnceEverythingIsFinished() {
        offsets.taken(0);
        offsets.readTo(2);
        assertThat(offsets.toCommit()).as("0 unfinished").isEmpty();
        offsets.finished(0);
        assertThat(offsets.toCommit()).as("past the marker at 1").hasValue(2);
        offsets.committed(2);
        offsets.taken(2);
        offsets.finished(2);
        offsets.taken(4);
        offsets.readTo(5);
        assertThat(offsets.toCommit()).as("4 unfinished holds it back").hasValue(4);
        offsets.finished(4);
        assertThat(offsets.toCommit()).hasValue(5);
    }

    @Test
    void aPartitionHoldingOnlyMarkersAndAbortedRecordsIsCommittedPastThem() {
        offsets.readTo(7);
        assertThat(offsets.toCommit()).as("7 is where the group stands").isEmpty();
        offsets.readTo(9);
        assertThat(offsets.toCommit()).hasValue(9);
        offsets.committed(9);
        offsets.taken(9);
        assertThat(offsets.toCommit()).isEmpty();
        offsets.finished(9);
        assertThat(offsets.toCommit()).hasValue(10);
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
