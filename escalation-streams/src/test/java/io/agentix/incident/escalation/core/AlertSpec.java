package io.agentix.incident.escalation.core;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test data builder for alerts with sensible defaults: a Sentry error on the inbox (core) naming one
 * tenant, e.g. {@code anAlert().tenants("acme", "globex").key("k1")}. Each builder gets a fresh event id.
 */
final class AlertSpec {

    private static final AtomicInteger IDS = new AtomicInteger();

    private String eventId = "evt-" + IDS.incrementAndGet();
    private String source = "sentry";
    private String dedupKey = "sentry:acme-sentry:4711";
    private AlertKind kind = AlertKind.TRIGGERED;
    private String title = "Inbox not loading: TimeoutError in inbox.fetch";
    private String component = "inbox";
    private List<String> tenants = List.of("acme");
    private boolean allTenants;
    private Impact impact = Impact.DEGRADED;
    private Severity hint;
    private String hintReason;
    private String project = "agentix-web";
    private String service;

    static AlertSpec anAlert() {
        return new AlertSpec();
    }

    AlertSpec eventId(String value) {
        eventId = value;
        return this;
    }

    AlertSpec source(String value) {
        source = value;
        return this;
    }

    AlertSpec key(String value) {
        dedupKey = value;
        return this;
    }

    AlertSpec resolved() {
        kind = AlertKind.RESOLVED;
        return this;
    }

    AlertSpec acknowledged() {
        kind = AlertKind.ACKNOWLEDGED;
        return this;
    }

    AlertSpec title(String value) {
        title = value;
        return this;
    }

    AlertSpec component(String value) {
        component = value;
        return this;
    }

    AlertSpec noComponent() {
        component = null;
        project = "unknown-project";
        return this;
    }

    AlertSpec project(String value) {
        project = value;
        return this;
    }

    AlertSpec service(String value) {
        service = value;
        return this;
    }

    AlertSpec tenants(String... values) {
        tenants = List.of(values);
        return this;
    }

    AlertSpec allTenants() {
        allTenants = true;
        return this;
    }

    AlertSpec impact(Impact value) {
        impact = value;
        return this;
    }

    AlertSpec hint(Severity value, String reason) {
        hint = value;
        hintReason = reason;
        return this;
    }

    /** A copy with the same content (a sender's retry carries the same event id). */
    AlertSpec retry() {
        AlertSpec copy = new AlertSpec();
        copy.eventId = eventId;
        copy.source = source;
        copy.dedupKey = dedupKey;
        copy.kind = kind;
        copy.title = title;
        copy.component = component;
        copy.tenants = tenants;
        copy.allTenants = allTenants;
        copy.impact = impact;
        copy.hint = hint;
        copy.hintReason = hintReason;
        copy.project = project;
        copy.service = service;
        return copy;
    }

    AlertEvent build(Instant receivedAt) {
        return AlertEvent.newBuilder()
                .setEventId(eventId)
                .setRawId("raw-" + eventId)
                .setSource(source)
                .setSourceAccount("acme-sentry")
                .setKind(kind)
                .setDedupKey(dedupKey)
                .setTitle(title)
                .setDescription("Stack trace in " + dedupKey)
                .setService(service)
                .setProject(project)
                .setEnvironment("production")
                .setComponent(component)
                .setTenants(tenants)
                .setAllTenants(allTenants)
                .setImpact(impact)
                .setSeverityHint(hint)
                .setSeverityHintReason(hintReason)
                .setLinks(List.of(Link.newBuilder().setLabel("Sentry issue")
                        .setUrl("https://sentry.io/issues/" + dedupKey.hashCode()).build()))
                .setLabels(Map.of())
                .setReporter(null)
                .setOccurredAt(receivedAt.minusSeconds(3))
                .setOccurredAtSource(TimeSource.PAYLOAD)
                .setReceivedAt(receivedAt)
                .build();
    }

    /** A push to main by a GitHub login at a time. */
    static DeploymentEvent deployToMain(String author, Instant at) {
        return DeploymentEvent.newBuilder()
                .setEventId("deploy-" + IDS.incrementAndGet())
                .setRawId(null)
                .setSource("github")
                .setSourceAccount("agentix")
                .setService("agentix/agentix")
                .setEnvironment(null)
                .setBranch("main")
                .setMainBranch(true)
                .setCommitSha("c0ffee" + IDS.get())
                .setCommitMessage("Ship it")
                .setAuthor(author)
                .setAuthorEmail(null)
                .setStatus("pushed")
                .setUrl("https://github.com/agentix/agentix/compare/a...b")
                .setDeployedAt(at)
                .setReceivedAt(at)
                .build();
    }
}
