package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static io.agentix.incident.escalation.topology.Scenario.alert;
import static io.agentix.incident.escalation.topology.Scenario.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.CommandAction;

/**
 * What the processor keeps beside the incidents: seen event ids (and their expiry), the dedup-key and
 * component indexes, the incident sequence, the timeline and the notifications sent, and the changelog
 * topics behind them.
 */
class IncidentStoresTest {

    private static final String INC1 = "INC-20261129-0001";
    private static final String INC2 = "INC-20261129-0002";

    private final EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aRetriedEventIsRememberedAndChangesNothingThenForgottenAfterSevenDays() {
        AlertEvent alert = alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build();
        harness.alert(alert);
        int published = harness.incidents().size() + harness.timeline().size() + harness.notifications().size();

        harness.alert(alert);

        assertThat(published).isPositive();
        assertThat(harness.incidents()).isEmpty();
        assertThat(harness.timeline()).isEmpty();
        assertThat(harness.notifications()).isEmpty();
        assertThat(index(IndexKeys.SEEN_EVENTS).get("e-1")).isEqualTo(Long.toString(T.toEpochMilli()));
        assertThat(index(IndexKeys.SEEN_EVENTS_BY_TIME).keySet()).containsExactly(String.format("%013d|e-1", T.toEpochMilli()));

        harness.advanceWallClockTo(T.plus(Duration.ofDays(7)).minusSeconds(1));
        assertThat(index(IndexKeys.SEEN_EVENTS).get("e-1")).as("within 7 days").isNotNull();
        harness.advanceWallClockTo(T.plus(Duration.ofDays(7)).plusSeconds(1));

        assertThat(index(IndexKeys.SEEN_EVENTS).get("e-1")).isNull();
        assertThat(index(IndexKeys.SEEN_EVENTS_BY_TIME).keySet()).isEmpty();
    }

    @Test
    void indexesFollowTheStoredIncidents() {
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        harness.alert(alert("e-2", "k-builder", "builder", List.of("acme", "globex"), T).build());

        assertThat(index(IndexKeys.DEDUP_KEYS).get("k-inbox")).isEqualTo(INC1);
        assertThat(index(IndexKeys.DEDUP_KEYS).get("k-builder")).isEqualTo(INC2);
        assertThat(index(IndexKeys.OPEN_BY_COMPONENT).keySet()).containsExactly("builder|" + INC2, "inbox|" + INC1);
        assertThat(index(IndexKeys.SEQUENCE).get("last")).isEqualTo("2");

        harness.command(command("c-1", INC1, CommandAction.DISMISS, "jonas", T.plusSeconds(60))
                .setReason("false positive").build());

        assertThat(index(IndexKeys.OPEN_BY_COMPONENT).keySet()).as("a dismissed incident takes no more alerts")
                .containsExactly("builder|" + INC2);
        assertThat(index(IndexKeys.DEDUP_KEYS).get("k-inbox")).as("the key still names it")
                .isEqualTo(INC1);
        assertThat(index(IndexKeys.INCIDENT_CLOCKS).keySet()).as("a dismissed incident has no clocks")
                .noneMatch(key -> key.startsWith(INC1 + "|"));
    }

    @Test
    void timelineAndNotificationsAreKeptPerIncidentInOrder() {
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        harness.command(command("c-1", INC1, CommandAction.ACKNOWLEDGE, "jonas", T.plusSeconds(60)).build());

        List<String> timelineKeys = keys(StoreNames.TIMELINE);
        assertThat(timelineKeys).isNotEmpty().isSorted().allMatch(key -> key.matches(INC1 + "/\\d{10}"));
        assertThat(harness.<io.agentix.incident.events.TimelineEntry>store(StoreNames.TIMELINE)
                .get(StoreNames.timelineKey(INC1, 1)).getType())
                .isEqualTo(io.agentix.incident.events.TimelineType.OPENED);
        assertThat(keys(StoreNames.NOTIFICATIONS_SENT)).isNotEmpty()
                .allMatch(key -> key.startsWith(StoreNames.incidentPrefix(INC1)));
    }

    @Test
    void everyChangelogTopicIsNamedAfterItsStoreAndThereIsNoOtherInternalTopic() {
        harness.deployment(io.agentix.incident.events.TestEvents.aDeployment().build());
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        harness.command(command("c-1", INC1, CommandAction.ACKNOWLEDGE, "jonas", T.plusSeconds(60)).build());
        harness.advanceWallClockTo(T.plus(Duration.ofHours(2)));

        Set<String> produced = harness.driver.producedTopicNames();

        List<String> expected = new ArrayList<>(List.of("incidents", "incident-timeline", "escalations",
                "notifications"));
        StoreNames.ALL.stream().filter(store -> !store.equals(StoreNames.MAIN_DEPLOYS))
                .map(store -> EngineHarness.APPLICATION_ID + "-" + store + "-changelog").forEach(expected::add);
        assertThat(produced).isSubsetOf(expected).contains("incidents", "incident-timeline", "notifications",
                "escalation-streams-incidents-store-changelog", "escalation-streams-engine-index-store-changelog");
    }

    /** One namespace of the index store, keys without the namespace, in key order. */
    private java.util.SortedMap<String, String> index(String namespace) {
        KeyValueStore<String, String> kv = harness.store(StoreNames.INDEX);
        java.util.SortedMap<String, String> entries = new java.util.TreeMap<>();
        try (KeyValueIterator<String, String> it = kv.all()) {
            it.forEachRemaining(entry -> {
                if (entry.key.startsWith(namespace)) {
                    entries.put(entry.key.substring(namespace.length()), entry.value);
                }
            });
        }
        return entries;
    }

    private List<String> keys(String store) {
        KeyValueStore<String, Object> kv = harness.store(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = kv.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
