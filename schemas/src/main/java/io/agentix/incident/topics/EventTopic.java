package io.agentix.incident.topics;

import java.util.Map;
import java.util.OptionalInt;

import org.apache.avro.specific.SpecificRecord;

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

/**
 * The engine's topics as logical ids, each with the Avro type of its values (keys are strings) and
 * its default physical settings. Physical names come from configuration ({@link TopicCatalog});
 * these defaults are what the shipped configuration uses.
 *
 * <p>{@link #ALERTS} and {@link #INCIDENT_COMMANDS} default to one partition: the escalation engine
 * correlates every alert with every open incident in one stream task (no repartition on the hot
 * path), so these topics are its unit of consistency. It fails over to a standby replica instead of
 * spreading the load; a configured count other than 1 is warned about at start.
 */
public enum EventTopic {
    /** Every accepted webhook body as received. Large bodies: up to 1 MiB plus envelope. */
    WEBHOOKS_RAW("webhooks.raw", RawWebhook.class, false,
            Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024), "retention.ms", String.valueOf(30L * 24 * 3600 * 1000))),
    /** Bodies answered with 4xx, with the reason. */
    WEBHOOKS_REJECTED("webhooks.rejected", RejectedWebhook.class, false,
            Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024), "retention.ms", String.valueOf(30L * 24 * 3600 * 1000))),
    /** Normalized alerts, keyed by dedup key. */
    ALERTS("alerts", AlertEvent.class, false, Map.of(), 1),
    /** Deploy facts, keyed by service. */
    DEPLOYMENTS("deployments", DeploymentEvent.class, false, Map.of()),
    /** Operator commands, keyed by incident id. */
    INCIDENT_COMMANDS("incident-commands", IncidentCommand.class, false, Map.of(), 1),
    /** Current state of each incident (compacted), keyed by incident id. */
    INCIDENTS("incidents", Incident.class, true, Map.of()),
    /** Every change of every incident, in order: the audit log (kept forever). */
    INCIDENT_TIMELINE("incident-timeline", TimelineEntry.class, false, Map.of("retention.ms", "-1")),
    /** Escalation steps. */
    ESCALATIONS("escalations", Escalation.class, false, Map.of("retention.ms", "-1")),
    /** Messages to send. */
    NOTIFICATIONS("notifications", Notification.class, false, Map.of()),
    /** Delivery outcomes, keyed by notification id; compacted so the latest outcome per id is kept. */
    NOTIFICATION_RECEIPTS("notification-receipts", NotificationReceipt.class, true, Map.of());

    private final String defaultName;
    private final Class<? extends SpecificRecord> valueType;
    private final boolean compacted;
    private final Map<String, String> defaultConfigs;
    private final OptionalInt defaultPartitions;

    EventTopic(String defaultName, Class<? extends SpecificRecord> valueType, boolean compacted,
               Map<String, String> defaultConfigs) {
        this(defaultName, valueType, compacted, defaultConfigs, OptionalInt.empty());
    }

    EventTopic(String defaultName, Class<? extends SpecificRecord> valueType, boolean compacted,
               Map<String, String> defaultConfigs, int defaultPartitions) {
        this(defaultName, valueType, compacted, defaultConfigs, OptionalInt.of(defaultPartitions));
    }

    EventTopic(String defaultName, Class<? extends SpecificRecord> valueType, boolean compacted,
               Map<String, String> defaultConfigs, OptionalInt defaultPartitions) {
        this.defaultName = defaultName;
        this.valueType = valueType;
        this.compacted = compacted;
        this.defaultConfigs = defaultConfigs;
        this.defaultPartitions = defaultPartitions;
    }

    /** The name used by the shipped configuration, which is also the configuration key. */
    public String defaultName() {
        return defaultName;
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    public boolean compacted() {
        return compacted;
    }

    public Map<String, String> defaultConfigs() {
        return defaultConfigs;
    }

    /**
     * The partition count this topic has unless its own configuration says otherwise, when it has
     * one of its own; empty when it takes the catalog's default.
     */
    public OptionalInt defaultPartitions() {
        return defaultPartitions;
    }

    /** Looks up a topic by its configuration key (its default name), e.g. {@code "webhooks.raw"}. */
    public static EventTopic byKey(String key) {
        for (EventTopic topic : values()) {
            if (topic.defaultName.equals(key)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("unknown topic '" + key + "'; known topics: "
                + java.util.Arrays.stream(values()).map(EventTopic::defaultName).toList());
    }
}
