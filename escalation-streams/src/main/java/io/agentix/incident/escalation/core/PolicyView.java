package io.agentix.incident.escalation.core;

import io.agentix.incident.escalation.policy.ComponentPolicy;
import io.agentix.incident.escalation.policy.CommunicationPolicy;
import io.agentix.incident.escalation.policy.Person;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.SeverityPolicy;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The policy as the engine asks it about one incident: its severity's rules, its people, its tenants. */
final class PolicyView {

    private final Policy policy;

    PolicyView(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    Policy policy() {
        return policy;
    }

    SeverityPolicy severityOf(Incident incident) {
        return policy.severity(incident.getSeverity());
    }

    Optional<CommunicationPolicy> communicationOf(Incident incident) {
        return severityOf(incident).communication();
    }

    /** OPEN, ACKNOWLEDGED or MITIGATED: the incident still needs work and its clocks run. */
    static boolean active(IncidentStatus status) {
        return status == IncidentStatus.OPEN || status == IncidentStatus.ACKNOWLEDGED || status == IncidentStatus.MITIGATED;
    }

    /** OPEN or ACKNOWLEDGED: the first responder's window runs. */
    static boolean awaitingMitigation(IncidentStatus status) {
        return status == IncidentStatus.OPEN || status == IncidentStatus.ACKNOWLEDGED;
    }

    /** The role the severity escalates to, if that step is still ahead of the incident. */
    Optional<String> pendingEscalation(Incident incident) {
        SeverityPolicy severity = severityOf(incident);
        if (!severity.escalates()) {
            return Optional.empty();
        }
        return severity.escalateTo().filter(role -> !incident.getEscalatedTo().contains(role));
    }

    /** The components of the incident the policy knows, in incident order. */
    List<ComponentPolicy> componentsOf(Incident incident) {
        List<ComponentPolicy> components = new ArrayList<>();
        for (String name : incident.getComponents()) {
            policy.component(name).ifPresent(components::add);
        }
        return components;
    }

    /** Owner of the first component of the incident that has one (the assigned engineer). */
    Optional<String> componentOwner(Incident incident) {
        return componentsOf(incident).stream().map(ComponentPolicy::owner).flatMap(Optional::stream).findFirst();
    }

    /** The people a role means for this incident. */
    List<Person> people(String role, Incident incident) {
        return policy.roles().resolve(role, Optional.ofNullable(incident.getOnCall()), componentOwner(incident));
    }

    List<String> personIds(List<Person> people) {
        return people.stream().map(Person::id).toList();
    }

    static Recipient recipient(Person person) {
        return Recipient.newBuilder()
                .setId(person.id())
                .setName(person.name())
                .setEmail(person.email())
                .setPageTarget(person.page().orElse(null))
                .setTenant(null)
                .build();
    }

    static List<Recipient> recipients(List<Person> people) {
        return people.stream().map(PolicyView::recipient).toList();
    }

    /** The owner as a person: the incident's owner when the policy knows them, else the on-call engineer. */
    Person ownerPerson(Incident incident) {
        Optional<Person> owner = Optional.ofNullable(incident.getOwner()).flatMap(policy::person);
        return owner.orElseGet(() -> people(io.agentix.incident.escalation.policy.RolePolicy.ON_CALL, incident).get(0));
    }

    String displayName(String personId) {
        if (personId == null) {
            return "";
        }
        return policy.person(personId).map(Person::name).orElse(personId);
    }

    /** The tenants customer notices go to: every policy tenant when all are affected, else the named ones. */
    List<String> affectedTenantIds(Incident incident) {
        if (incident.getAllTenants()) {
            return policy.tenants().stream().map(Tenant::id).toList();
        }
        return List.copyOf(incident.getTenants());
    }

    /** "Acme GmbH, Globex", "all tenants" or "unknown". */
    String tenantsText(Incident incident) {
        if (incident.getAllTenants()) {
            return "all tenants";
        }
        if (incident.getTenants().isEmpty()) {
            return "unknown";
        }
        return String.join(", ", incident.getTenants().stream()
                .map(id -> policy.tenant(id).map(Tenant::name).orElse(id)).toList());
    }

    /** "inbox (core), api" or "unknown". */
    String componentsText(Incident incident) {
        if (incident.getComponents().isEmpty()) {
            return "unknown";
        }
        return String.join(", ", incident.getComponents().stream()
                .map(name -> policy.component(name).filter(ComponentPolicy::core).isPresent() ? name + " (core)" : name)
                .toList());
    }
}
