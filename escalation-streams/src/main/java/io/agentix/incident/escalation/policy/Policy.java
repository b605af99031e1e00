package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Severity;

/**
 * The runbook as data: everything the escalation engine decides by, loaded and validated by
 * {@link PolicyLoader}. Immutable; one instance serves every thread.
 *
 * @param version the declared {@code version:} plus "+" and the first 8 hex digits of the SHA-256 of
 *     the file's bytes, so an edited file is a new version even when its author forgot to bump it;
 *     incidents record it
 * @param declaredVersion the {@code version:} as written
 * @param source where the policy came from (file name or path), for messages
 * @param timeZone zone of business hours and of times in notifications
 * @param businessHours working days and hours ("next business day", "5 business days")
 * @param correlationWindow alerts of other dedup keys of the same component join an incident opened
 *     within this window
 * @param verificationWindow a resolved incident that fires again within it reopens; otherwise it
 *     closes at its end
 * @param recentDeployWindow deploys this long before detection are noted on the incident
 * @param rollbackRunbook link given with those deploys
 * @param customerSender address customer notices are sent from (and that they name for replies)
 * @param severities P1..P4, all present
 * @param components in file order (matcher order)
 * @param people the team
 * @param roles role definitions and their resolution
 * @param tenants customers and their contacts
 * @param classification extra classification settings
 * @param templates notification templates
 * @param postmortemDirectory where post-mortem drafts go ({@code docs/runbooks/post-mortems})
 */
public record Policy(
        String version,
        String declaredVersion,
        String source,
        ZoneId timeZone,
        BusinessHours businessHours,
        Duration correlationWindow,
        Duration verificationWindow,
        Duration recentDeployWindow,
        RunbookLink rollbackRunbook,
        String customerSender,
        Map<Severity, SeverityPolicy> severities,
        List<ComponentPolicy> components,
        List<Person> people,
        RolePolicy roles,
        List<Tenant> tenants,
        Classification classification,
        Templates templates,
        String postmortemDirectory) {

    public Policy {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(declaredVersion, "declaredVersion");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(businessHours, "businessHours");
        Objects.requireNonNull(correlationWindow, "correlationWindow");
        Objects.requireNonNull(verificationWindow, "verificationWindow");
        Objects.requireNonNull(recentDeployWindow, "recentDeployWindow");
        Objects.requireNonNull(rollbackRunbook, "rollbackRunbook");
        Objects.requireNonNull(customerSender, "customerSender");
        for (Severity level : Severity.values()) {
            if (!severities.containsKey(level)) {
                throw new IllegalArgumentException("severity " + level + " is missing");
            }
        }
        severities = java.util.Collections.unmodifiableMap(new EnumMap<>(severities));
        components = List.copyOf(components);
        people = List.copyOf(people);
        Objects.requireNonNull(roles, "roles");
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(postmortemDirectory, "postmortemDirectory");
    }

    /** What the policy says for one severity level. */
    public SeverityPolicy severity(Severity severity) {
        return severities.get(Objects.requireNonNull(severity, "severity"));
    }

    /**
     * When the first response is due for an incident of that severity detected at {@code detectedAt}:
     * detection + response time, or for P4 the start of the next business day.
     */
    public Instant responseDeadline(Severity severity, Instant detectedAt) {
        return severity(severity).responseTime()
                .map(detectedAt::plus)
                .orElseGet(() -> businessHours.nextBusinessDayStart(detectedAt));
    }

    /** The component of that name (ignoring case). */
    public Optional<ComponentPolicy> component(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return components.stream().filter(c -> c.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /**
     * The component an alert is about: the one its {@code component} field names when the policy knows
     * it, else the first component in file order with a matching matcher; empty when none does.
     */
    public Optional<ComponentPolicy> componentFor(AlertEvent alert) {
        Optional<ComponentPolicy> named = component(alert.getComponent() == null ? null : alert.getComponent().toString());
        if (named.isPresent()) {
            return named;
        }
        return components.stream().filter(c -> c.matches(alert)).findFirst();
    }

    /** The person with that id. */
    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The person a deploy author (GitHub login, Railway creator name, email) is, when the policy knows
     * them; see {@link Person#isKnownAs}.
     */
    public Optional<Person> personForDeployAuthor(String authorOrEmail) {
        return people.stream().filter(p -> p.isKnownAs(authorOrEmail)).findFirst();
    }

    /** The tenant with that id. */
    public Optional<Tenant> tenant(String id) {
        return tenants.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * Tenants nobody can be told about an incident: valid, but the engine reports them (a warning at
     * start and a timeline note when a customer notice cannot reach them).
     */
    public List<Tenant> tenantsWithoutContacts() {
        return tenants.stream().filter(t -> !t.hasContacts()).toList();
    }
}
