package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Roles to people (runbook section 3), on the shipped policy's example team. */
class RolePolicyTest {

    private final Policy policy = PolicyLoader.shipped();
    private final RolePolicy roles = policy.roles();

    @Test
    void onCallIsTheLastDeployerToMain() {
        assertThat(ids(roles.resolve("on-call", Optional.of("dana"), Optional.empty()))).containsExactly("dana");
    }

    @Test
    void onCallFallsBackWhenNobodyOrAStrangerDeployed() {
        assertThat(roles.defaultOnCall().id()).isEqualTo("jonas");
        assertThat(ids(roles.resolve("on-call", Optional.empty(), Optional.empty()))).containsExactly("jonas");
        assertThat(ids(roles.resolve("on-call", Optional.of("dependabot"), Optional.empty()))).containsExactly("jonas");
    }

    @Test
    void onCallIgnoresDeploysWhenThePolicySaysSo() {
        String text = new String(PolicyLoader.shippedBytes(), StandardCharsets.UTF_8)
                .replace("on-call: {fromLastDeployToMain: true, fallback: jonas}", "on-call: {fromLastDeployToMain: false, fallback: priya}");
        RolePolicy fixed = PolicyLoader.parse("fixed.yml", text.getBytes(StandardCharsets.UTF_8)).roles();

        assertThat(fixed.onCallFromLastDeployToMain()).isFalse();
        assertThat(ids(fixed.resolve("on-call", Optional.of("dana"), Optional.empty()))).containsExactly("priya");
    }

    @Test
    void assignedEngineerIsTheComponentOwner() {
        assertThat(ids(roles.resolve("assigned-engineer", Optional.of("dana"), Optional.of("yuki")))).containsExactly("yuki");
    }

    @Test
    void assignedEngineerFallsBackToOnCallWithoutOwner() {
        assertThat(ids(roles.resolve("assigned-engineer", Optional.of("erik"), Optional.empty()))).containsExactly("erik");
        assertThat(ids(roles.resolve("assigned-engineer", Optional.empty(), Optional.empty()))).containsExactly("jonas");
        assertThat(ids(roles.resolve("assigned-engineer", Optional.of("erik"), Optional.of("nobody")))).containsExactly("erik");
    }

    @Test
    void everyoneIsTheWholeTeamInPolicyOrder() {
        assertThat(ids(roles.resolve("everyone", Optional.of("dana"), Optional.empty())))
                .containsExactly("mira", "jonas", "dana", "erik", "priya", "yuki");
    }

    @Test
    void fixedRolesNameTheirPeople() {
        assertThat(ids(roles.resolve("cto", Optional.of("dana"), Optional.of("yuki")))).containsExactly("mira");
        assertThat(ids(roles.resolve("team-lead", Optional.empty(), Optional.empty()))).containsExactly("jonas");
    }

    @Test
    void anUnknownRoleIsAProgrammingError() {
        assertThatThrownBy(() -> roles.resolve("janitor", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role 'janitor'");
    }

    @Test
    void deployAuthorsAreMatchedByLoginEmailOrNameIgnoringCase() {
        assertThat(policy.personForDeployAuthor("danakim")).map(Person::id).contains("dana");
        assertThat(policy.personForDeployAuthor("ERIK@agentix.example")).map(Person::id).contains("erik");
        assertThat(policy.personForDeployAuthor("Priya Raman")).map(Person::id).contains("priya");
        assertThat(policy.personForDeployAuthor("dependabot[bot]")).isEmpty();
        assertThat(policy.personForDeployAuthor(null)).isEmpty();
        assertThat(policy.personForDeployAuthor(" ")).isEmpty();
    }

    private static List<String> ids(List<Person> people) {
        return people.stream().map(Person::id).toList();
    }
}
