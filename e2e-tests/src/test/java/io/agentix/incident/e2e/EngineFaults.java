package io.agentix.incident.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import io.agentix.incident.localstack.EmbeddedKafkaBroker;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.testing.EmbeddedKafkaCluster;
import io.agentix.incident.testing.KafkaCluster;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * What the process-kill fault tests share: their broker, escalation-streams as a child process on fast clocks,
 * the incidents they open, and the check that every escalation happened exactly once, read from the topics as
 * written (read_committed, every record, not compacted), so a second record for one escalation would show.
 */
final class EngineFaults {

    /**
     * Every policy duration divided by 360: a P1's 15-minute response window is 2.5 s, a P2's hour 10 s, so a
     * kill falls inside open windows, some close while the engine is down and some after it is back, and the
     * tests stay short.
     */
    static final int FAST_CLOCKS = 360;
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Long enough for a restart or a failover after a kill, and for the killed member's session to expire. */
    static final Duration RECOVERY = Duration.ofSeconds(90);
    /** The roles the shipped policy escalates P1 and P2 to, and who they are. */
    static final Map<Severity, String> ESCALATES_TO = Map.of(Severity.P1, "cto", Severity.P2, "team-lead");
    static final Map<String, List<String>> ROLE_PEOPLE = Map.of("cto", List.of("mira"), "team-lead", List.of("jonas"));
    /** The consumer group (and transactional id prefix) of escalation-streams: its applicationId. */
    static final String STREAMS_GROUP = "escalation-streams";

    private EngineFaults() {
    }

    /**
     * The embedded broker, with its check for timed-out transactions every second instead of every ten: a
     * member killed inside a transaction leaves it open until the broker aborts it, and until then its
     * partitions cannot be read past it (read_committed). Forced embedded, not Docker: the tests set broker options.
     */
    static KafkaCluster broker() {
        return new EmbeddedKafkaCluster(EmbeddedKafkaBroker.ephemeral().withOverrides(Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")));
    }

    static TopicSpecs topics(SchemaRegistryServer registry) {
        return TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", registry.url()));
    }

    /**
     * escalation-streams as a child JVM on its config-dev.yml, with the operator API on {@code appPort}, fast clocks,
     * its state in {@code stateDir} and {@code standbys} warm copies of the state on other instances. The
     * consumer session is the broker's shortest (6 s, default 45 s), so a killed member leaves the group within
     * seconds; {@code clientId} names the instance in the group's member list.
     */
    static ServiceProcess streams(String name, KafkaCluster kafka, SchemaRegistryServer registry, int appPort,
                                  Path stateDir, int standbys) {
        return streams(name, kafka, registry, appPort, stateDir, standbys, FAST_CLOCKS);
    }

    /** As {@link #streams(String, KafkaCluster, SchemaRegistryServer, int, Path, int)}, clocks divided by {@code fastClocks}. */
    static ServiceProcess streams(String name, KafkaCluster kafka, SchemaRegistryServer registry, int appPort,
                                  Path stateDir, int standbys, int fastClocks) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("server.applicationConnectors[0].port", String.valueOf(appPort));
        overrides.put("server.adminConnectors[0].port", String.valueOf(FreePorts.pick()));
        overrides.put("kafka.bootstrapServers", kafka.bootstrapServers());
        overrides.put("kafka.clientId", name);
        overrides.put("schemaRegistry.url", registry.url());
        overrides.put("streams.stateDir", stateDir.toString());
        overrides.put("streams.applicationServer", "localhost:" + appPort);
        overrides.put("streams.fastClocks", String.valueOf(fastClocks));
        overrides.put("streams.numStandbyReplicas", String.valueOf(standbys));
        overrides.put("streams.properties.session\\.timeout\\.ms", "6000");
        overrides.put("streams.properties.heartbeat\\.interval\\.ms", "1000");
        return new ServiceProcess(name, ServiceProcess.Service.STREAMS, overrides);
    }

    // ---- the incidents the tests open ----

    /**
     * A BetterStack-style uptime check down, as the ingest service normalizes one, for a monitor no component
     * matches: every tenant affected, so a P1 of its own (no correlation with the others by component).
     */
    static AlertEvent p1(String name, Instant now) {
        return alert(name, now).setSource("betterstack").setService("Fault monitor " + name)
                .setTitle("Fault monitor " + name + " — Status 503").setAllTenants(true).setImpact(Impact.OUTAGE)
                .setSeverityHint(Severity.P1).setSeverityHintReason("betterstack uptime check down").build();
    }

    /** A user report naming two tenants and no component: several tenants affected, a P2 of its own. */
    static AlertEvent p2(String name, Instant now) {
        return alert(name, now).setSource("report").setTitle("Exports fail for two tenants (" + name + ")")
                .setTenants(List.of("acme", "globex")).setImpact(Impact.DEGRADED).setReporter("support").build();
    }

    private static AlertEvent.Builder alert(String name, Instant now) {
        return AlertEvent.newBuilder().setEventId("fault-" + name).setRawId(null).setSourceAccount("default")
                .setKind(AlertKind.TRIGGERED).setDedupKey("fault:" + name).setTitle(name).setOccurredAt(now)
                .setOccurredAtSource(TimeSource.RECEIPT).setReceivedAt(now);
    }

    /** Publishes the alerts on {@code alerts} as the ingest service does (key dedupKey, timestamp receivedAt). */
    static void publish(KafkaCluster kafka, TopicSpecs topics, List<AlertEvent> alerts) {
        TopicSpec<String, AlertEvent> spec = topics.alerts();
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), spec.valueSerializer())) {
            for (AlertEvent alert : alerts) {
                producer.send(new ProducerRecord<>(spec.name(), null, alert.getReceivedAt().toEpochMilli(),
                        alert.getDedupKey(), alert)).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing alerts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish alerts", e.getCause());
        }
    }

    static <V> List<ConsumerRecord<String, V>> read(KafkaCluster kafka, TopicSpec<String, V> topic) {
        return TopicRecords.readAll(kafka, topic.name(), topic.keyDeserializer(), topic.valueDeserializer(), READ_TIMEOUT);
    }

    /**
     * The incident each alert opened, by dedup key, as written on {@code incidents}; fails when an alert's key
     * is on more than one incident or one incident holds more than one of them.
     */
    static Map<String, Incident> incidentsByDedupKey(KafkaCluster kafka, TopicSpecs topics, List<AlertEvent> alerts) {
        return incidentsByDedupKey(kafka, topics, alerts.stream().map(AlertEvent::getDedupKey).collect(Collectors.toSet()));
    }

    /** As {@link #incidentsByDedupKey(KafkaCluster, TopicSpecs, List)}, for the alerts of {@code keys}. */
    static Map<String, Incident> incidentsByDedupKey(KafkaCluster kafka, TopicSpecs topics, Set<String> keys) {
        Map<String, Incident> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, Incident> record : read(kafka, topics.incidents())) {
            if (record.value().getDedupKeys().stream().anyMatch(keys::contains)) {
                latest.put(record.key(), record.value());
            }
        }
        Map<String, Incident> byKey = new HashMap<>();
        for (Incident incident : latest.values()) {
            assertThat(incident.getDedupKeys()).as(incident.getIncidentId() + " holds one alert's key").hasSize(1);
            Incident other = byKey.put(incident.getDedupKeys().get(0), incident);
            assertThat(other).as("a second incident for " + incident.getDedupKeys().get(0)).isNull();
        }
        return byKey;
    }

    /** The incidents' escalations as written on {@code escalations}, every record, by incident id. */
    static Map<String, List<Escalation>> escalations(KafkaCluster kafka, TopicSpecs topics, Set<String> incidentIds) {
        Map<String, List<Escalation>> byIncident = new TreeMap<>();
        for (ConsumerRecord<String, Escalation> record : read(kafka, topics.escalations())) {
            if (incidentIds.contains(record.key())) {
                byIncident.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            }
        }
        return byIncident;
    }

    /**
     * The incidents opened by {@code alerts} each escalated exactly once, none missing: one incident per alert
     * of the expected severity, whose latest state has reached level 1 with its severity's role (and no response
     * window left); one {@link Escalation} record to that role and its people when the window ran out; one
     * ESCALATED timeline entry; one ESCALATED page to that role; and no notification and no timeline entry of
     * these incidents written twice.
     *
     * @return the escalations, by incident id
     */
    static Map<String, Escalation> assertEachEscalatedExactlyOnce(KafkaCluster kafka, TopicSpecs topics,
                                                                 Map<AlertEvent, Severity> alerts) {
        Map<String, Incident> incidents = incidentsByDedupKey(kafka, topics, List.copyOf(alerts.keySet()));
        assertThat(incidents).as("one incident per alert").hasSize(alerts.size());
        Map<String, Severity> severities = new HashMap<>();
        alerts.forEach((alert, severity) -> {
            Incident incident = incidents.get(alert.getDedupKey());
            assertThat(incident).as("the incident of " + alert.getDedupKey()).isNotNull();
            assertThat(incident.getSeverity()).as(incident.getIncidentId()).isEqualTo(severity);
            assertThat(incident.getEscalationLevel()).as(incident.getIncidentId() + " level").isEqualTo(1);
            assertThat(incident.getEscalatedTo()).as(incident.getIncidentId()).containsExactly(ESCALATES_TO.get(severity));
            assertThat(incident.getResponseDueAt()).as(incident.getIncidentId() + ": no window left").isNull();
            severities.put(incident.getIncidentId(), severity);
        });

        Map<String, List<Escalation>> written = escalations(kafka, topics, severities.keySet());
        assertThat(written.keySet()).as("incidents escalated").containsExactlyInAnyOrderElementsOf(severities.keySet());
        Map<String, Escalation> once = new TreeMap<>();
        written.forEach((id, records) -> {
            assertThat(records).as("escalations of " + id).hasSize(1);
            Escalation escalation = records.get(0);
            String role = ESCALATES_TO.get(severities.get(id));
            assertThat(escalation.getToRole()).as(id).isEqualTo(role);
            assertThat(escalation.getToPeople()).as(id).containsExactlyElementsOf(ROLE_PEOPLE.get(role));
            assertThat(escalation.getLevel()).as(id).isEqualTo(1);
            assertThat(escalation.getReason()).as(id).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(escalation.getAt()).as(id + " escalated at or after its deadline")
                    .isAfterOrEqualTo(escalation.getDeadline());
            once.put(id, escalation);
        });

        Map<String, List<TimelineEntry>> timeline = new HashMap<>();
        for (ConsumerRecord<String, TimelineEntry> record : read(kafka, topics.timeline())) {
            if (severities.containsKey(record.key())) {
                timeline.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            }
        }
        Map<String, List<Notification>> notifications = new HashMap<>();
        for (ConsumerRecord<String, Notification> record : read(kafka, topics.notifications())) {
            if (severities.containsKey(record.key())) {
                notifications.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            }
        }
        for (String id : severities.keySet()) {
            List<TimelineEntry> entries = timeline.getOrDefault(id, List.of());
            assertThat(entries).as("OPENED on the timeline of " + id)
                    .filteredOn(entry -> entry.getType() == TimelineType.OPENED).hasSize(1);
            assertThat(entries).as("ESCALATED on the timeline of " + id)
                    .filteredOn(entry -> entry.getType() == TimelineType.ESCALATED).hasSize(1);
            assertThat(entries).extracting(TimelineEntry::getSequence).as("timeline sequences of " + id)
                    .doesNotHaveDuplicates();

            List<Notification> sent = notifications.getOrDefault(id, List.of());
            assertThat(sent).extracting(Notification::getNotificationId).as("notifications of " + id)
                    .doesNotHaveDuplicates();
            String role = ESCALATES_TO.get(severities.get(id));
            List<Notification> escalated = sent.stream().filter(n -> n.getKind() == NotificationKind.ESCALATED).toList();
            assertThat(escalated).as("ESCALATED pages of " + id).hasSize(1);
            assertThat(escalated.get(0).getChannel()).as(id).isEqualTo(Channel.PAGE);
            assertThat(escalated.get(0).getRecipientRole()).as(id).isEqualTo(role);
            assertThat(escalated.get(0).getRecipients()).extracting(Recipient::getId).as(id)
                    .containsExactlyElementsOf(ROLE_PEOPLE.get(role));
        }
        return once;
    }
}
