package io.agentix.incident.escalation.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The policy's roles and how each resolves to people. The loader guarantees that every person id a
 * role names exists, that {@value #ON_CALL} is an {@link Role.OnCall} role and that component-owner
 * fallbacks name a role that is not itself a component-owner role.
 */
public final class RolePolicy {

    public static final String ON_CALL = "on-call";
    public static final String CTO = "cto";
    public static final String TEAM_LEAD = "team-lead";
    public static final String ASSIGNED_ENGINEER = "assigned-engineer";
    public static final String EVERYONE = "everyone";

    private final Map<String, Role> roles;
    private final Map<String, Person> people;

    public RolePolicy(Map<String, Role> roles, List<Person> people) {
        this.roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        Map<String, Person> byId = new LinkedHashMap<>();
        people.forEach(p -> byId.put(p.id(), p));
        this.people = byId;
        if (!(this.roles.get(ON_CALL) instanceof Role.OnCall)) {
            throw new IllegalArgumentException("the roles need an '" + ON_CALL + "' role with a fallback person");
        }
        this.roles.forEach((name, role) -> {
            if (role instanceof Role.OnCall oc) {
                requirePerson(name, oc.fallback());
            } else if (role instanceof Role.People list) {
                list.personIds().forEach(id -> requirePerson(name, id));
            } else if (role instanceof Role.ComponentOwner owner) {
                Role fallback = this.roles.get(owner.fallbackRole());
                if (fallback == null || fallback instanceof Role.ComponentOwner) {
                    throw new IllegalArgumentException("role '" + name + "' falls back to '" + owner.fallbackRole()
                            + "', which is not a role naming people");
                }
            }
        });
    }

    private void requirePerson(String role, String id) {
        if (!people.containsKey(id)) {
            throw new IllegalArgumentException("role '" + role + "' names unknown person '" + id + "'");
        }
    }

    /** Role names defined by the policy. */
    public Set<String> names() {
        return roles.keySet();
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** The on-call role's fallback person: on-call while no deploy to main names a known person. */
    public Person defaultOnCall() {
        return people.get(((Role.OnCall) roles.get(ON_CALL)).fallback());
    }

    /** Whether on-call follows the last deploy to main (else it is always the fallback). */
    public boolean onCallFromLastDeployToMain() {
        return ((Role.OnCall) roles.get(ON_CALL)).fromLastDeployToMain();
    }

    /**
     * The people a role names for one incident, in policy order, without duplicates.
     *
     * @param role a role name of this policy
     * @param onCall person id of the current on-call (the last deployer to main); empty or unknown
     *     means the on-call role's fallback
     * @param componentOwner person id of the incident's owner (an explicit assignee, else the
     *     component's owner); empty or unknown means the assigned-engineer role's fallback role
     * @throws IllegalArgumentException for a role the policy does not define
     */
    public List<Person> resolve(String role, Optional<String> onCall, Optional<String> componentOwner) {
        Objects.requireNonNull(onCall, "onCall");
        Objects.requireNonNull(componentOwner, "componentOwner");
        Role definition = roles.get(role);
        if (definition == null) {
            throw new IllegalArgumentException("unknown role '" + role + "'; roles are " + roles.keySet());
        }
        if (definition instanceof Role.OnCall oc) {
            Person current = oc.fromLastDeployToMain() ? onCall.map(people::get).orElse(null) : null;
            return List.of(current != null ? current : people.get(oc.fallback()));
        }
        if (definition instanceof Role.People list) {
            List<Person> result = new ArrayList<>();
            list.personIds().stream().distinct().forEach(id -> result.add(people.get(id)));
            return List.copyOf(result);
        }
        if (definition instanceof Role.Everyone) {
            return List.copyOf(people.values());
        }
        Role.ComponentOwner owner = (Role.ComponentOwner) definition;
        Person person = componentOwner.map(people::get).orElse(null);
        if (person != null) {
            return List.of(person);
        }
        return resolve(owner.fallbackRole(), onCall, componentOwner);
    }
}
