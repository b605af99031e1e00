package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Behaviour 1: classification by the runbook's decision guide, with reasons. */
class ClassificationTest {

    private final EngineHarness h = new EngineHarness();

    private Incident opened(AlertSpec alert) {
        return h.incident(h.open(alert));
    }

    @Test
    void classifiesEveryTenantAffectedAsP1() {
        Incident incident = opened(anAlert().component("analytics").tenants().allTenants());

        assertThat(incident.getSeverity()).isEqualTo(Severity.P1);
        assertThat(incident.getSeverityReasons()).anyMatch(r -> r.contains("all tenants affected"));
    }

    @Test
    void countsEveryKnownTenantNamedAsAllTenants() {
        Incident incident = opened(anAlert().component("analytics").tenants("acme", "globex", "mueller", "initech"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P1);
    }

    @Test
    void classifiesSeveralTenantsAsP2() {
        Incident incident = opened(anAlert().component("analytics").tenants("acme", "globex"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getSeverityReasons()).containsExactly("several tenants affected (acme, globex) -> P2");
    }

    @Test
    void classifiesACoreComponentAsP2() {
        Incident incident = opened(anAlert().component("inbox").tenants("acme"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getSeverityReasons()).containsExactly("core component inbox affected -> P2");
    }

    @Test
    void classifiesOneTenantOnANonCoreComponentAsP3() {
        Incident incident = opened(anAlert().component("csv-export").tenants("acme"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P3);
        assertThat(incident.getSeverityReasons()).contains("one tenant affected (acme) -> P3",
                "non-core component csv-export affected -> P3");
    }

    @Test
    void classifiesCosmeticOnlyAsP4() {
        Incident incident = opened(anAlert().component("ui").tenants("acme", "globex").impact(Impact.COSMETIC));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P4);
        assertThat(incident.getSeverityReasons()).anyMatch(r -> r.contains("cosmetic only -> P4"));
    }

    @Test
    void goesOneLevelUpWhenTheScopeIsUnknown() {
        Incident incident = opened(anAlert().component("analytics").tenants());

        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getSeverityReasons())
                .anyMatch(r -> r.startsWith("in doubt, one level up: scope unknown (no tenant named); P3 -> P2"));
    }

    @Test
    void goesOneLevelUpWhenTheComponentIsUnknown() {
        Incident incident = opened(anAlert().noComponent().tenants("acme"));

        assertThat(incident.getComponents()).isEmpty();
        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getSeverityReasons())
                .anyMatch(r -> r.contains("in doubt, one level up: component unknown (no policy component matched); P3 -> P2"));
    }

    @Test
    void goesFromCoreToP1WhenNoTenantIsNamed() {
        Incident incident = opened(anAlert().component("webhooks").tenants());

        assertThat(incident.getSeverity()).isEqualTo(Severity.P1);
        assertThat(incident.getSeverityReasons()).containsExactly("core component webhooks affected -> P2",
                "in doubt, one level up: scope unknown (no tenant named); P2 -> P1");
    }

    @Test
    void findsTheComponentWithThePolicyMatchersWhenTheAlertNamesNone() {
        Incident incident = opened(anAlert().component(null).source("betterstack").service("Webhook endpoint")
                .tenants("acme"));

        assertThat(incident.getComponents()).containsExactly("webhooks");
        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
    }

    @Test
    void takesTheSourceHintWhenItIsHigherThanTheGuide() {
        Incident incident = opened(anAlert().component("csv-export").tenants("acme").hint(Severity.P1, "sentry level=fatal"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P1);
        assertThat(incident.getSeverityReasons()).last().asString()
                .isEqualTo("the source suggests P1 (sentry level=fatal): higher than the guide's P3, so P1");
    }

    @Test
    void keepsTheGuideWhenTheHintIsLower() {
        Incident incident = opened(anAlert().component("inbox").tenants("acme").hint(Severity.P3, "sentry level=warning"));

        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getSeverityReasons()).last().asString()
                .isEqualTo("the source suggests P3 (sentry level=warning): the guide's P2 is higher and stands");
    }

    @Test
    void raisesP3ToP2WhenASecondTenantReportsTheSameComponent() {
        String id = h.open(anAlert().component("csv-export").tenants("acme").key("k-acme"));
        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P3);
        h.advanceBy(Duration.ofMinutes(5));

        Decision decision = h.alert(anAlert().component("csv-export").tenants("globex").key("k-globex"));

        Incident incident = h.incident(id);
        assertThat(incident.getSeverity()).isEqualTo(Severity.P2);
        assertThat(incident.getTenants()).containsExactly("acme", "globex");
        assertThat(incident.getSeverityReasons()).contains("several tenants affected (acme, globex) -> P2")
                .anyMatch(r -> r.startsWith("raised from P3 to P2") && r.contains("a second tenant (globex)"));
        Escalation escalation = decision.escalations().get(0);
        assertThat(decision.escalations()).hasSize(1);
        assertThat(escalation.getReason()).isEqualTo(EscalationReason.SEVERITY_RAISED);
        assertThat(escalation.getSeverity()).isEqualTo(Severity.P2);
        assertThat(escalation.getToRole()).isEqualTo("on-call");
        assertThat(escalation.getFromRole()).isEqualTo("assigned-engineer");
        assertThat(escalation.getLevel()).isEqualTo(1);
        Notification changed = decision.notifications().get(0);
        assertThat(decision.notifications()).extracting(Notification::getKind).containsExactly(NotificationKind.SEVERITY_CHANGED);
        assertThat(changed.getChannel()).isEqualTo(Channel.PAGE);
        assertThat(changed.getPageAction()).isEqualTo(PageAction.TRIGGER);
        assertThat(changed.getAudience()).isEqualTo(Audience.TEAM);
        assertThat(changed.getRecipientRole()).isEqualTo("on-call");
        assertThat(changed.getSubject()).isEqualTo("[P3 -> P2] " + id + ": Inbox not loading: TimeoutError in inbox.fetch");
        assertThat(h.timeline(id, TimelineType.SEVERITY_CHANGED)).hasSize(1);
        // The P2 window counts from detection: 1 hour, not 1 hour from the raise.
        assertThat(incident.getResponseDueAt()).isEqualTo(EngineHarness.T0.plus(Duration.ofHours(1)));
        assertThat(h.clocks(id, ClockType.RESPONSE_WINDOW)).extracting(PendingClock::deadline)
                .containsExactly(EngineHarness.T0.plus(Duration.ofHours(1)));
        // P2 brings customer communication: the initial notice is now owed.
        assertThat(h.clocks(id, ClockType.INITIAL_NOTICE)).hasSize(1);
    }

    @Test
    void neverLowersTheSeverityByItself() {
        String id = h.open(anAlert().component("inbox").tenants("acme", "globex").key("k1"));
        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P2);

        Decision decision = h.alert(anAlert().component("inbox").tenants("acme").key("k2").impact(Impact.COSMETIC)
                .hint(Severity.P4, "sentry level=info"));

        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P2);
        assertThat(h.incident(id).getAlertCount()).isEqualTo(2);
        assertThat(decision.escalations()).isEmpty();
        assertThat(decision.notifications()).isEmpty();
    }

    @Test
    void doesNotRaiseAgainWhatAnOperatorLoweredOnRepeatsOfTheSameProblem() {
        String id = h.open(anAlert().component("inbox").tenants("acme").key("k1"));
        h.command(id, CommandAction.SET_SEVERITY, "jonas", b -> b.setSeverity(Severity.P3).setReason("only one inbox"));
        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P3);

        h.alert(anAlert().component("inbox").tenants("acme").key("k1"));

        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P3);
        assertThat(h.incident(id).getSeverityReasons()).last().asString()
                .startsWith("set from P2 to P3 by jonas").endsWith(": only one inbox");
    }

    @Test
    void raisesToP1AndPagesEveryoneWhenEveryTenantTurnsOutAffected() {
        String id = h.open(anAlert().component("inbox").tenants("acme").key("k1"));

        Decision decision = h.alert(anAlert().component("inbox").tenants().allTenants().key("k2")
                .source("betterstack").title("API /health down"));

        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P1);
        assertThat(decision.notifications()).extracting(Notification::getKind)
                .containsExactly(NotificationKind.SEVERITY_CHANGED, NotificationKind.ALL_HANDS);
        assertThat(decision.notifications().get(1).getRecipients()).hasSize(EngineHarness.POLICY.people().size());
    }
}
