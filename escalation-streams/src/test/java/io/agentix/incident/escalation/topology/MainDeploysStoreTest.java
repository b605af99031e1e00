package io.agentix.incident.escalation.topology;

import static io.agentix.incident.events.TestEvents.aDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.DeploymentEvent;

/** The global store of deploys to main, fed from {@code deployments} through the real topology. */
class MainDeploysStoreTest {

    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private final EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T, StoreType.PERSISTENT);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void keepsDeploysToMainInDeployOrderAndIgnoresOtherBranches() {
        harness.deployment(deploy("d-old", "alice", T.minus(Duration.ofHours(3)), true));
        harness.deployment(deploy("d-main", "bob", T.minus(Duration.ofMinutes(30)), true));
        harness.deployment(deploy("d-branch", "mallory", T.minus(Duration.ofMinutes(10)), false));

        MainDeploys deploys = new MainDeploys(harness.store(StoreNames.MAIN_DEPLOYS));

        assertThat(deploys.lastAtOrBefore(T)).map(DeploymentEvent::getEventId).hasValue("d-main");
        assertThat(deploys.lastAtOrBefore(T.minus(Duration.ofHours(1)))).map(DeploymentEvent::getEventId)
                .hasValue("d-old");
        assertThat(deploys.lastAtOrBefore(T.minus(Duration.ofMinutes(30)))).map(DeploymentEvent::getEventId)
                .as("a deploy exactly at the instant counts").hasValue("d-main");
        assertThat(deploys.lastAtOrBefore(T.minus(Duration.ofHours(4)))).isEmpty();
        assertThat(deploys.between(T.minus(Duration.ofHours(2)), T)).extracting(DeploymentEvent::getEventId)
                .containsExactly("d-main");
        assertThat(deploys.between(T.minus(Duration.ofHours(3)), T)).extracting(DeploymentEvent::getEventId)
                .containsExactly("d-old", "d-main");
    }

    @Test
    void prunesDeploysAWeekOlderThanTheNewestButAlwaysKeepsTheNewest() {
        MainDeploys deploys = new MainDeploys(harness.store(StoreNames.MAIN_DEPLOYS));
        harness.deployment(deploy("d-1", "alice", T.minus(Duration.ofDays(10)), true));
        assertThat(deploys.lastAtOrBefore(T)).as("the newest is kept however old").map(DeploymentEvent::getEventId)
                .hasValue("d-1");

        harness.deployment(deploy("d-2", "bob", T.minus(Duration.ofDays(2)), true));
        harness.deployment(deploy("d-3", "carol", T, true));

        assertThat(deploys.between(Instant.EPOCH, T)).extracting(DeploymentEvent::getEventId)
                .as("d-1 is 8 days older than d-2").containsExactly("d-2", "d-3");
        assertThat(deploys.lastAtOrBefore(T.minus(Duration.ofDays(9)))).isEmpty();
        assertThat(deploys.lastAtOrBefore(T.plus(Duration.ofDays(30)))).map(DeploymentEvent::getEventId)
                .hasValue("d-3");
    }

    private static DeploymentEvent deploy(String id, String author, Instant at, boolean main) {
        return aDeployment().setEventId(id).setAuthor(author).setMainBranch(main).setBranch(main ? "main" : "feature")
                .setDeployedAt(at).setReceivedAt(at.plusSeconds(5)).build();
    }
}
