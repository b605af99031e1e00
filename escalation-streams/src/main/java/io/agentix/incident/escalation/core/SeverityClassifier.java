package io.agentix.incident.escalation.core;

import io.agentix.incident.escalation.policy.ComponentPolicy;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runbook's severity decision guide (section 1), top-down: no user impact or cosmetic only -> P4;
 * all tenants -> P1; several tenants or a core component -> P2; one tenant or a non-core component ->
 * P3. When in doubt (no tenant named, or no policy component where one would matter) one level up. A
 * source's severity hint counts too: the higher of guide and hint wins. Every step leaves a reason.
 */
public final class SeverityClassifier {

    private final Policy policy;

    public SeverityClassifier(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * What the guide sees of one alert, or of an incident with the alert joining it.
     *
     * @param tenants tenants named as affected
     * @param allTenants a source said every tenant is affected
     * @param components policy components affected (empty: unknown)
     * @param impact user impact the (latest) source states
     * @param hint the source's severity hint, or null
     * @param hintReason why the hint, or null
     */
    public record Facts(Set<String> tenants, boolean allTenants, List<ComponentPolicy> components, Impact impact,
                        Severity hint, String hintReason) {
        public Facts {
            tenants = Set.copyOf(new LinkedHashSet<>(tenants));
            components = List.copyOf(components);
            Objects.requireNonNull(impact, "impact");
        }
    }

    /** The severity and why. */
    public record Verdict(Severity severity, List<String> reasons) {
        public Verdict {
            Objects.requireNonNull(severity, "severity");
            reasons = List.copyOf(reasons);
        }
    }

    /** Classifies by the decision guide and the hint. */
    public Verdict classify(Facts facts) {
        List<String> reasons = new ArrayList<>();
        Severity guide = guide(facts, reasons);
        if (facts.hint() == null) {
            return new Verdict(guide, reasons);
        }
        String why = facts.hintReason() == null ? "" : " (" + facts.hintReason() + ")";
        if (higher(facts.hint(), guide)) {
            reasons.add("the source suggests " + facts.hint() + why + ": higher than the guide's " + guide
                    + ", so " + facts.hint());
            return new Verdict(facts.hint(), reasons);
        }
        if (facts.hint() == guide) {
            reasons.add("the source suggests " + guide + " too" + why);
        } else {
            reasons.add("the source suggests " + facts.hint() + why + ": the guide's " + guide + " is higher and stands");
        }
        return new Verdict(guide, reasons);
    }

    /** True when {@code a} is a more severe level than {@code b} (P1 is the highest). */
    public static boolean higher(Severity a, Severity b) {
        return a.ordinal() < b.ordinal();
    }

    /** The more severe of the two. */
    public static Severity max(Severity a, Severity b) {
        return higher(b, a) ? b : a;
    }

    private Severity guide(Facts facts, List<String> reasons) {
        if (facts.impact() == Impact.COSMETIC || facts.impact() == Impact.NONE) {
            reasons.add("impact " + facts.impact() + ": no user impact or cosmetic only -> P4");
            return Severity.P4;
        }
        if (facts.allTenants()) {
            reasons.add("all tenants affected (the source says so) -> P1");
            return Severity.P1;
        }
        if (coversAllTenants(facts.tenants())) {
            reasons.add("all tenants affected (" + facts.tenants().size() + " tenants: " + sorted(facts.tenants()) + ") -> P1");
            return Severity.P1;
        }
        List<String> core = facts.components().stream().filter(ComponentPolicy::core).map(ComponentPolicy::name).toList();
        List<String> nonCore = facts.components().stream().filter(c -> !c.core()).map(ComponentPolicy::name).toList();
        Severity base;
        if (facts.tenants().size() >= 2 || !core.isEmpty()) {
            if (facts.tenants().size() >= 2) {
                reasons.add("several tenants affected (" + sorted(facts.tenants()) + ") -> P2");
            }
            if (!core.isEmpty()) {
                reasons.add("core component " + String.join(", ", core) + " affected -> P2");
            }
            base = Severity.P2;
        } else if (facts.tenants().size() == 1 || !nonCore.isEmpty()) {
            if (facts.tenants().size() == 1) {
                reasons.add("one tenant affected (" + facts.tenants().iterator().next() + ") -> P3");
            }
            if (!nonCore.isEmpty()) {
                reasons.add("non-core component " + String.join(", ", nonCore) + " affected -> P3");
            }
            base = Severity.P3;
        } else {
            reasons.add("neither affected tenants nor component known: the guide's lowest level with user impact, P3");
            base = Severity.P3;
        }
        List<String> doubts = new ArrayList<>();
        if (facts.tenants().isEmpty()) {
            doubts.add("scope unknown (no tenant named)");
        }
        // An unknown component only matters where a core one would have decided higher (P3 -> P2).
        if (facts.components().isEmpty() && base == Severity.P3) {
            doubts.add("component unknown (no policy component matched)");
        }
        if (doubts.isEmpty()) {
            return base;
        }
        Severity up = Severity.values()[base.ordinal() - 1];
        reasons.add("in doubt, one level up: " + String.join(", ", doubts) + "; " + base + " -> " + up);
        return up;
    }

    private boolean coversAllTenants(Set<String> tenants) {
        if (tenants.isEmpty()) {
            return false;
        }
        if (policy.classification().allTenantsThreshold().isPresent()) {
            return tenants.size() >= policy.classification().allTenantsThreshold().getAsInt();
        }
        Set<String> known = policy.tenants().stream().map(Tenant::id).collect(Collectors.toSet());
        return !known.isEmpty() && tenants.containsAll(known);
    }

    private static String sorted(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }
}
