package io.agentix.incident.escalation.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.events.Incident;

/**
 * One incident in the list of {@code GET /incidents}: what an operator scans for. Times are ISO-8601
 * UTC strings, as in the incident's own JSON; {@code version} lets a merged list keep the newest
 * state of an incident that two instances reported during a rebalance. {@code allTenants} says an
 * incident hits every tenant, whose {@code tenants} then names only those an alert named (maybe none).
 */
public record IncidentSummary(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("severity") String severity,
        @JsonProperty("title") String title,
        @JsonProperty("tenants") List<String> tenants,
        @JsonProperty("allTenants") boolean allTenants,
        @JsonProperty("components") List<String> components,
        @JsonProperty("detectedAt") String detectedAt,
        @JsonProperty("updatedAt") String updatedAt,
        @JsonProperty("escalationLevel") int escalationLevel,
        @JsonProperty("onCall") String onCall,
        @JsonProperty("owner") String owner,
        @JsonProperty("responseDueAt") String responseDueAt,
        @JsonProperty("alertCount") int alertCount,
        @JsonProperty("version") long version) {

    public static IncidentSummary of(Incident incident) {
        return new IncidentSummary(incident.getIncidentId(), incident.getStatus().name(), incident.getSeverity().name(),
                incident.getTitle(), List.copyOf(incident.getTenants()), incident.getAllTenants(),
                List.copyOf(incident.getComponents()),
                iso(incident.getDetectedAt()), iso(incident.getUpdatedAt()), incident.getEscalationLevel(),
                incident.getOnCall(), incident.getOwner(), iso(incident.getResponseDueAt()), incident.getAlertCount(),
                incident.getVersion());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
