package io.agentix.incident.escalation.policy;

import static io.agentix.incident.escalation.policy.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.AlertEvent;

/** Which component an alert is about: the one it names, else the first matcher in file order. */
class ComponentForTest {

    private final Policy policy = PolicyLoader.shipped();

    @Test
    void aComponentTheAlertNamesWinsOverMatchers() {
        AlertEvent alert = anAlert("sentry").setProject("agentix-web").setTitle("TypeError in Builder canvas")
                .setComponent("inbox").build();

        assertThat(component(alert)).contains("inbox");
    }

    @Test
    void theNamedComponentIsFoundIgnoringCaseAndSpaces() {
        assertThat(component(anAlert("report").setComponent(" CSV-Export ").build())).contains("csv-export");
    }

    @Test
    void anUnknownNamedComponentFallsBackToTheMatchers() {
        AlertEvent alert = anAlert("sentry").setProject("agentix-api").setComponent("payments")
                .setTitle("Webhook signature mismatch for WhatsApp").build();

        assertThat(component(alert)).contains("webhooks");
    }

    @Test
    void sentryWebErrorsMentioningTheInboxAreInbox() {
        assertThat(component(anAlert("sentry").setProject("agentix-web").setTitle("TypeError in InboxList.render").build()))
                .contains("inbox");
    }

    @Test
    void otherSentryWebErrorsAreTheNonCoreUi() {
        assertThat(component(anAlert("sentry").setProject("agentix-web")
                .setTitle("Cannot read properties of undefined (reading 'map') on Settings page").build()))
                .contains("ui");
    }

    @Test
    void sentryApiErrorsAreSortedByTitleThenFallToApi() {
        assertThat(component(anAlert("sentry").setProject("agentix-api").setTitle("Workflow execution failed: AI node timeout").build()))
                .contains("builder");
        assertThat(component(anAlert("sentry").setProject("agentix-api").setTitle("POST /webhooks/whatsapp 500").build()))
                .contains("webhooks");
        assertThat(component(anAlert("sentry").setProject("agentix-api").setTitle("SMTP 421 from provider").build()))
                .contains("email");
        assertThat(component(anAlert("sentry").setProject("agentix-api").setTitle("TimeoutError: query took 31s").build()))
                .contains("api");
    }

    @Test
    void betterStackHealthMonitorIsTheApi() {
        assertThat(component(anAlert("betterstack").setService("API /health").setTitle("API /health — Status 503").build()))
                .contains("api");
        assertThat(component(anAlert("betterstack").setService("Inbox web app").build())).contains("inbox");
    }

    @Test
    void railwayServicesMapToPlatformComponents() {
        assertThat(component(anAlert("railway").setService("agentix-workers").build())).contains("workers");
        assertThat(component(anAlert("railway").setService("Postgres").build())).contains("database");
        assertThat(component(anAlert("railway").setService("Redis").build())).contains("redis");
        assertThat(component(anAlert("railway").setService("agentix-api").build())).contains("api");
    }

    @Test
    void alertmanagerLabelsMapToComponents() {
        assertThat(component(anAlert("alertmanager").setLabels(Map.of("job", "redis-exporter", "alertname", "RedisDown")).build()))
                .contains("redis");
        assertThat(component(anAlert("alertmanager").setLabels(Map.of("queue", "csv-export", "alertname", "QueueSlow")).build()))
                .contains("csv-export");
        assertThat(component(anAlert("alertmanager").setLabels(Map.of("alertname", "BullMQQueueBacklog")).build()))
                .contains("workers");
    }

    @Test
    void aMatcherNeedsEveryFieldItGives() {
        // {source: railway, service: agentix-workers}: the same service name from another source is not it
        assertThat(component(anAlert("alertmanager").setService("agentix-workers").build())).isEmpty();
        // {source: sentry, project: agentix-web, titleContains: inbox}: "inbox" in another Sentry project is not it
        assertThat(component(anAlert("sentry").setProject("marketing-site").setTitle("inbox link broken").build())).isEmpty();
    }

    @Test
    void nothingMatchingMeansNoComponent() {
        assertThat(component(anAlert("github").setTitle("push to main").build())).isEmpty();
    }

    @Test
    void matcherComparesIgnoringCaseAndChecksLabelValueAndDedupKeyPrefix() {
        ComponentMatcher matcher = new ComponentMatcher(Optional.of("alertmanager"), Optional.empty(), Optional.empty(),
                Optional.of("production"), Optional.of("job"), Optional.of("redis"), Optional.empty(),
                Optional.of("alertmanager:prod:"));
        AlertEvent.Builder alert = anAlert("AlertManager").setEnvironment("Production")
                .setLabels(Map.of("job", "Redis")).setDedupKey("alertmanager:prod:5f1e");

        assertThat(matcher.matches(alert.build())).isTrue();
        assertThat(matcher.matches(alert.setLabels(Map.of("job", "postgres")).build())).isFalse();
        assertThat(matcher.matches(alert.setLabels(Map.of("job", "redis")).setEnvironment("staging").build())).isFalse();
        assertThat(matcher.matches(alert.setEnvironment(null).build())).isFalse();
        assertThat(matcher.matches(alert.setEnvironment("production").setDedupKey("alertmanager:dev:5f1e").build())).isFalse();
    }

    @Test
    void anEmptyMatcherCannotBeBuilt() {
        Optional<String> none = Optional.empty();
        assertThatThrownBy(() -> new ComponentMatcher(none, none, none, none, none, none, none, none))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Optional<String> component(AlertEvent alert) {
        return policy.componentFor(alert).map(ComponentPolicy::name);
    }
}
