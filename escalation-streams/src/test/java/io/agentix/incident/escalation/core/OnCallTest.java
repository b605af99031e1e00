package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.AlertSpec.deployToMain;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static io.agentix.incident.escalation.core.EngineHarness.recipientIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.DeployRef;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Behaviour 4: on-call is whoever pushed the last deploy to main; recent deploys noted with the rollback runbook. */
class OnCallTest {

    private final EngineHarness h = new EngineHarness();

    @Test
    void makesTheLastDeployerToMainOnCall() {
        h.state.deploy(deployToMain("eriklq", T0.minus(Duration.ofHours(30))));
        h.state.deploy(deployToMain("danakim", T0.minus(Duration.ofHours(5))));

        String id = h.open(anAlert().component("builder").tenants("acme"));

        Incident incident = h.incident(id);
        assertThat(incident.getOnCall()).isEqualTo("dana");
        assertThat(incident.getOwner()).isEqualTo("dana");
        Notification page = h.notifications(NotificationKind.INCIDENT_OPENED).get(0);
        assertThat(recipientIds(page)).containsExactly("dana");
        assertThat(page.getBody()).contains("On-call:     Dana Kim");
        assertThat(h.timeline(id, TimelineType.OPENED).get(0).getDetails().get("onCall"))
                .startsWith("dana: pushed the last deploy to main");
    }

    @Test
    void ignoresDeploysAfterDetectionAndToOtherBranches() {
        h.state.deploy(deployToMain("danakim", T0.minus(Duration.ofHours(3))));
        h.state.deploy(DeploymentEvent.newBuilder(deployToMain("eriklq", T0.minus(Duration.ofHours(1))))
                .setBranch("feature/x").setMainBranch(false).build());
        h.state.deploy(deployToMain("priyar", T0.plusSeconds(1)));

        String id = h.open(anAlert().component("builder").tenants("acme"));

        assertThat(h.incident(id).getOnCall()).isEqualTo("dana");
    }

    @Test
    void fallsBackToThePolicysOnCallWhenTheDeployerIsNotAPerson() {
        h.state.deploy(deployToMain("dependabot[bot]", T0.minus(Duration.ofMinutes(10))));

        String id = h.open(anAlert().component("builder").tenants("acme"));

        assertThat(h.incident(id).getOnCall()).isEqualTo("jonas");
        assertThat(h.timeline(id, TimelineType.OPENED).get(0).getDetails().get("onCall"))
                .contains("policy default").contains("'dependabot[bot]' is not a person in the policy");
    }

    @Test
    void fallsBackToThePolicysOnCallWithoutAnyDeploy() {
        String id = h.open(anAlert().component("builder").tenants("acme"));

        assertThat(h.incident(id).getOnCall()).isEqualTo("jonas");
        assertThat(h.incident(id).getRecentDeploys()).isEmpty();
    }

    @Test
    void notesDeploysOfTheTwoHoursBeforeDetectionWithTheRollbackRunbook() {
        h.state.deploy(deployToMain("eriklq", T0.minus(Duration.ofHours(2)).minusSeconds(1)));
        DeploymentEvent recent = deployToMain("danakim", T0.minus(Duration.ofMinutes(40)));
        h.state.deploy(recent);

        String id = h.open(anAlert().component("builder").tenants("acme"));

        Incident incident = h.incident(id);
        assertThat(incident.getRecentDeploys()).singleElement().satisfies((DeployRef d) -> {
            assertThat(d.getEventId()).isEqualTo(recent.getEventId());
            assertThat(d.getAuthor()).isEqualTo("danakim");
            assertThat(d.getCommitSha()).isEqualTo(recent.getCommitSha());
            assertThat(d.getDeployedAt()).isEqualTo(T0.minus(Duration.ofMinutes(40)));
            assertThat(d.getRollbackRunbook()).isEqualTo("docs/runbooks/deployment.md#rollback-procedures");
        });
        assertThat(incident.getLinks()).extracting(Link::getUrl).contains("docs/runbooks/deployment.md#rollback-procedures");
        Notification page = h.notifications(NotificationKind.INCIDENT_OPENED).get(0);
        assertThat(page.getBody()).contains("Deployed shortly before detection: agentix/agentix " + recent.getCommitSha()
                + " by danakim", "Rollback: docs/runbooks/deployment.md#rollback-procedures");
    }

    @Test
    void linksTheComponentRunbookAndTheRollbackRunbookInTeamNotifications() {
        String id = h.open(anAlert().component("webhooks").tenants("acme"));

        Notification page = h.notifications(NotificationKind.INCIDENT_OPENED).get(0);
        assertThat(page.getLinks()).extracting(Link::getUrl).contains(
                "docs/runbooks/uptime-monitoring.md#alert-configuration",
                "docs/runbooks/deployment.md#rollback-procedures");
        assertThat(h.incident(id).getLinks()).extracting(Link::getLabel)
                .contains("Uptime Monitoring Setup — Alert Configuration");
    }
}
