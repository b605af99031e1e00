package io.agentix.incident.topics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.events.RawWebhook;
import io.agentix.incident.events.RejectedWebhook;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.registry.SchemaRegistryClient;
import io.agentix.incident.serde.AvroSerdeConfig;
import io.agentix.incident.serde.SpecificAvroSerde;

/**
 * Every topic of the engine as a typed {@link TopicSpec}: names from a {@link TopicCatalog}, String
 * keys, Avro values in Confluent wire format. Built once at start-up; all value serdes share one
 * schema-registry client, so the registry is asked about each schema once per process.
 */
public final class TopicSpecs {

    private final SchemaRegistryClient schemaRegistry;
    private final Map<EventTopic, TopicSpec<String, ? extends SpecificRecord>> specs = new EnumMap<>(EventTopic.class);

    private final TopicSpec<String, RawWebhook> rawWebhooks;
    private final TopicSpec<String, RejectedWebhook> rejectedWebhooks;
    private final TopicSpec<String, AlertEvent> alerts;
    private final TopicSpec<String, DeploymentEvent> deployments;
    private final TopicSpec<String, IncidentCommand> incidentCommands;
    private final TopicSpec<String, Incident> incidents;
    private final TopicSpec<String, TimelineEntry> timeline;
    private final TopicSpec<String, Escalation> escalations;
    private final TopicSpec<String, Notification> notifications;
    private final TopicSpec<String, NotificationReceipt> receipts;

    /**
     * Specs using {@code schemaRegistry}, with the serde settings of {@code serdeConfig} (keys of
     * {@link AvroSerdeConfig}; {@code schema.registry.url} is not needed here).
     */
    public TopicSpecs(TopicCatalog catalog, SchemaRegistryClient schemaRegistry, Map<String, ?> serdeConfig) {
        Objects.requireNonNull(catalog, "catalog");
        this.schemaRegistry = Objects.requireNonNull(schemaRegistry, "schemaRegistry");
        Map<String, ?> settings = Objects.requireNonNull(serdeConfig, "serdeConfig");
        this.rawWebhooks = spec(catalog, EventTopic.WEBHOOKS_RAW, RawWebhook.class, settings);
        this.rejectedWebhooks = spec(catalog, EventTopic.WEBHOOKS_REJECTED, RejectedWebhook.class, settings);
        this.alerts = spec(catalog, EventTopic.ALERTS, AlertEvent.class, settings);
        this.deployments = spec(catalog, EventTopic.DEPLOYMENTS, DeploymentEvent.class, settings);
        this.incidentCommands = spec(catalog, EventTopic.INCIDENT_COMMANDS, IncidentCommand.class, settings);
        this.incidents = spec(catalog, EventTopic.INCIDENTS, Incident.class, settings);
        this.timeline = spec(catalog, EventTopic.INCIDENT_TIMELINE, TimelineEntry.class, settings);
        this.escalations = spec(catalog, EventTopic.ESCALATIONS, Escalation.class, settings);
        this.notifications = spec(catalog, EventTopic.NOTIFICATIONS, Notification.class, settings);
        this.receipts = spec(catalog, EventTopic.NOTIFICATION_RECEIPTS, NotificationReceipt.class, settings);
        if (specs.size() != EventTopic.values().length) {
            throw new IllegalStateException("TopicSpecs misses a spec for some of " + java.util.List.of(EventTopic.values()));
        }
    }

    /**
     * Specs for the registry named by {@code schema.registry.url} in {@code serdeConfig}.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the serde settings are invalid
     */
    public static TopicSpecs create(TopicCatalog catalog, Map<String, ?> serdeConfig) {
        return new TopicSpecs(catalog, new AvroSerdeConfig(serdeConfig).createClient(), serdeConfig);
    }

    public TopicSpec<String, RawWebhook> rawWebhooks() {
        return rawWebhooks;
    }

    public TopicSpec<String, RejectedWebhook> rejectedWebhooks() {
        return rejectedWebhooks;
    }

    public TopicSpec<String, AlertEvent> alerts() {
        return alerts;
    }

    public TopicSpec<String, DeploymentEvent> deployments() {
        return deployments;
    }

    public TopicSpec<String, IncidentCommand> incidentCommands() {
        return incidentCommands;
    }

    public TopicSpec<String, Incident> incidents() {
        return incidents;
    }

    public TopicSpec<String, TimelineEntry> timeline() {
        return timeline;
    }

    public TopicSpec<String, Escalation> escalations() {
        return escalations;
    }

    public TopicSpec<String, Notification> notifications() {
        return notifications;
    }

    public TopicSpec<String, NotificationReceipt> receipts() {
        return receipts;
    }

    /** The spec of {@code topic}, for code that handles every topic alike (topic creation, dead-letter routing). */
    public TopicSpec<String, ? extends SpecificRecord> forTopic(EventTopic topic) {
        return specs.get(Objects.requireNonNull(topic, "topic"));
    }

    /** The client every value serde of these specs uses. */
    public SchemaRegistryClient schemaRegistry() {
        return schemaRegistry;
    }

    private <V extends SpecificRecord> TopicSpec<String, V> spec(TopicCatalog catalog, EventTopic topic, Class<V> type,
                                                                Map<String, ?> settings) {
        if (topic.valueType() != type) {
            throw new IllegalStateException("topic " + topic + " carries " + topic.valueType().getName() + ", not " + type.getName());
        }
        SpecificAvroSerde<V> valueSerde = new SpecificAvroSerde<>(schemaRegistry, type);
        valueSerde.configure(settings, false);
        TopicSpec<String, V> spec = new TopicSpec<>(catalog.name(topic), Serdes.String(), valueSerde);
        specs.put(topic, spec);
        return spec;
    }
}
