package io.agentix.incident.notifier.delivery;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition taken for delivery, and which are finished. The committable offset is the
 * lowest unfinished one (or one past the highest taken when all are finished): committing it says
 * "everything before this is done", which holds however the deliveries finish out of order. A record
 * parked for retry therefore holds the partition's commit back, and after a crash it is read again, while
 * the records after it that did finish are skipped by their receipts.
 *
 * <p>Not thread-safe: the delivery coordinator owns it.
 */
public final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long highestTaken = -1;
    private long committed = -1;
    private long readTo = -1;

    /** A record at {@code offset} was taken; offsets come in increasing order. */
    public void taken(long offset) {
        if (offset <= highestTaken) {
            throw new IllegalArgumentException("offset " + offset + " taken after " + highestTaken
                    + ": a partition's records come in order");
        }
        if (highestTaken < 0) {
            // The group's position is already here: committing it again would say nothing new.
            committed = Math.max(committed, offset);
        }
        highestTaken = offset;
        unfinished.add(offset);
    }

    /** Everything the record at {@code offset} required is done (delivered and receipts acknowledged). */
    public void finished(long offset) {
        if (!unfinished.remove(offset)) {
            throw new IllegalArgumentException("offset " + offset + " was not taken or is finished already");
        }
    }

    /**
     * The consumer's position: every offset below it was taken, or holds nothing to take (a transaction marker,
     * a record of an aborted transaction). With everything taken finished, the commit moves up to it: the
     * engine writes {@code notifications} in transactions, so a partition ends in a marker, and committing only
     * one past the last record would leave the group a lag of one for as long as the partition stays quiet.
     */
    public void readTo(long position) {
        if (readTo < 0 && highestTaken < 0) {
            // The first position seen is where the group stands already (as in taken).
            committed = Math.max(committed, position);
        }
        readTo = Math.max(readTo, position);
    }

    /** The offset to commit, when it moved past the last one committed. */
    public OptionalLong toCommit() {
        if (highestTaken < 0 && readTo < 0) {
            return OptionalLong.empty();
        }
        long next = unfinished.isEmpty() ? Math.max(highestTaken + 1, readTo) : unfinished.first();
        return next > committed ? OptionalLong.of(next) : OptionalLong.empty();
    }

    /** {@code offset} was committed. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Records taken and not finished. */
    public int unfinished() {
        return unfinished.size();
    }
}
