package io.agentix.incident.e2e;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.agentix.incident.notifier.NotifierApplication;
import io.agentix.incident.notifier.kafka.NotificationLoop;

/**
 * The notifier, killable on demand exactly between "receipts acknowledged" and "offsets committed": once
 * {@link #armCrash armed}, the first commit that matches throws instead, the loop dies with the deliveries sent and their
 * offsets uncommitted, as after a kill -9 at that point. Only one instance runs at a time, hence the statics.
 */
public final class CrashingNotifierApplication extends NotifierApplication {

    private static volatile Predicate<Map<TopicPartition, OffsetAndMetadata>> armed;
    private static final AtomicReference<Map<TopicPartition, OffsetAndMetadata>> CRASHED_BEFORE = new AtomicReference<>();
    private static volatile CrashingNotifierApplication current;

    public CrashingNotifierApplication() {
        current = this;
    }

    /** The first commit whose offsets satisfy {@code when} kills the loop instead. */
    static void armCrash(Predicate<Map<TopicPartition, OffsetAndMetadata>> when) {
        CRASHED_BEFORE.set(null);
        armed = when;
    }

    /** The offsets the killed loop was about to commit, or null while it has not crashed. */
    static Map<TopicPartition, OffsetAndMetadata> crashedBefore() {
        return CRASHED_BEFORE.get();
    }

    /** Why the running instance's loop stopped, or null while it runs. */
    static Throwable loopFailure() {
        return current.loop().failure();
    }

    @Override
    protected NotificationLoop.CommitHook commitHook() {
        return offsets -> {
            Predicate<Map<TopicPartition, OffsetAndMetadata>> when = armed;
            if (when != null && when.test(offsets)) {
                armed = null;
                CRASHED_BEFORE.set(Map.copyOf(offsets));
                throw new IllegalStateException("killed after the receipts were acknowledged, before committing " + offsets);
            }
        };
    }
}
