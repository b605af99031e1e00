package io.agentix.incident.escalation.policy;

import java.time.Instant;
import java.util.Map;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;

/** A triggered alert with only the required fields set; tests add the source signals they are about. */
final class Alerts {

    private static final Instant T0 = Instant.parse("2026-03-15T09:30:00Z");

    private Alerts() {
    }

    static AlertEvent.Builder anAlert(String source) {
        return AlertEvent.newBuilder()
                .setEventId("evt-1")
                .setSource(source)
                .setKind(AlertKind.TRIGGERED)
                .setDedupKey(source + ":default:1")
                .setTitle("Something failed")
                .setLabels(Map.of())
                .setOccurredAt(T0)
                .setReceivedAt(T0);
    }
}
