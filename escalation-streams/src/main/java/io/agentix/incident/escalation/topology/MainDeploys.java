package io.agentix.incident.escalation.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.agentix.incident.escalation.core.ZeroPadded;
import io.agentix.incident.events.DeploymentEvent;

/**
 * The deploys to a main branch, as kept in the global store {@link StoreNames#MAIN_DEPLOYS}: keyed
 * {@code %013d deployedAtMillis + "|" + eventId}, so key order is deploy order and "the last deploy
 * at or before t" is one reverse seek.
 */
final class MainDeploys {

    private final ReadOnlyKeyValueStore<String, DeploymentEvent> store;

    MainDeploys(ReadOnlyKeyValueStore<String, DeploymentEvent> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    static String key(DeploymentEvent deploy) {
        return ZeroPadded.epochMillis(deploy.getDeployedAt().toEpochMilli()) + "|" + deploy.getEventId();
    }

    /** The first key after every key of deploys at {@code instant} (all of them sort before it). */
    private static String after(Instant instant) {
        return ZeroPadded.epochMillis(instant.toEpochMilli() + 1);
    }

    /** Not before the epoch: the keys have no sign. */
    private static String atOrAfter(Instant instant) {
        return ZeroPadded.epochMillis(Math.max(0, instant.toEpochMilli()));
    }

    Optional<DeploymentEvent> lastAtOrBefore(Instant instant) {
        try (KeyValueIterator<String, DeploymentEvent> it = store.reverseRange(null, after(instant))) {
            while (it.hasNext()) {
                KeyValue<String, DeploymentEvent> next = it.next();
                // reverseRange's upper bound is inclusive: the bound itself is no deploy key, but be exact.
                if (!next.value.getDeployedAt().isAfter(instant)) {
                    return Optional.of(next.value);
                }
            }
            return Optional.empty();
        }
    }

    /** Deploys with {@code from <= deployedAt <= to}, oldest first. */
    List<DeploymentEvent> between(Instant from, Instant to) {
        List<DeploymentEvent> deploys = new ArrayList<>();
        if (to.isBefore(from)) {
            return deploys;
        }
        try (KeyValueIterator<String, DeploymentEvent> it = store.range(atOrAfter(from), after(to))) {
            it.forEachRemaining(entry -> deploys.add(entry.value));
        }
        return deploys;
    }

    /**
     * Records {@code deploy} in {@code store} and deletes every deploy more than {@code retention}
     * older than the newest one; the newest is always kept (on-call is the last deployer, however old).
     */
    static void record(KeyValueStore<String, DeploymentEvent> store, DeploymentEvent deploy, Duration retention) {
        store.put(key(deploy), deploy);
        Instant newest;
        try (KeyValueIterator<String, DeploymentEvent> last = store.reverseAll()) {
            newest = last.next().value.getDeployedAt();
        }
        String cutoff = atOrAfter(newest.minus(retention));
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, DeploymentEvent> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (key.compareTo(cutoff) >= 0) {
                    break;
                }
                expired.add(key);
            }
        }
        expired.forEach(store::delete);
    }
}
