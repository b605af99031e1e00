package io.agentix.incident.escalation.policy;

import java.util.List;
import java.util.Objects;

/** How a role of the policy turns into people; see {@link RolePolicy#resolve}. */
public sealed interface Role permits Role.OnCall, Role.People, Role.Everyone, Role.ComponentOwner {

    /**
     * The on-call engineer: whoever pushed the last deploy to main (runbook section 3, "On-Call
     * Definition") when {@code fromLastDeployToMain}, else and when unknown the {@code fallback} person.
     */
    record OnCall(boolean fromLastDeployToMain, String fallback) implements Role {
        public OnCall {
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /** A fixed list of people (cto, team-lead). */
    record People(List<String> personIds) implements Role {
        public People {
            personIds = List.copyOf(personIds);
        }
    }

    /** Every person of the policy (P1: "all available team members regardless of on-call schedule"). */
    record Everyone() implements Role {
    }

    /** The assigned engineer: the incident component's owner, else whoever {@code fallbackRole} names. */
    record ComponentOwner(String fallbackRole) implements Role {
        public ComponentOwner {
            Objects.requireNonNull(fallbackRole, "fallbackRole");
        }
    }
}
