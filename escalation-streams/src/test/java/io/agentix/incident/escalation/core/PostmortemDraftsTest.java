package io.agentix.incident.escalation.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The draft's file name and markdown (runbook section 6). */
class PostmortemDraftsTest {

    @Test
    void makesABriefSlugFromTheTitle() {
        assertThat(PostmortemDrafts.slug("API /health — Status 503")).isEqualTo("api-health-status-503");
        assertThat(PostmortemDrafts.slug("Müller: Café   inbox!!")).isEqualTo("muller-cafe-inbox");
        assertThat(PostmortemDrafts.slug("—")).isEqualTo("incident");
        assertThat(PostmortemDrafts.slug("TypeError: Cannot read properties of undefined (reading 'messages') in InboxList"))
                .hasSizeLessThanOrEqualTo(48).isEqualTo("typeerror-cannot-read-properties-of-undefined");
    }

    @Test
    void namesTheFileByDetectionDateAndSlug() {
        Incident incident = incident("Webhook endpoint unreachable");

        assertThat(PostmortemDrafts.path("docs/runbooks/post-mortems/", incident))
                .isEqualTo("docs/runbooks/post-mortems/2026-03-15-webhook-endpoint-unreachable.md");
    }

    @Test
    void escapesTablePipesAndLeavesBlanksForPeople() {
        Incident incident = incident("a | b");
        TimelineEntry entry = TimelineEntry.newBuilder().setIncidentId("INC-20260315-0001").setSequence(1)
                .setAt(Instant.parse("2026-03-15T23:59:00Z")).setType(TimelineType.OPENED)
                .setSummary("Opened: a | b\nsecond line").setDetails(Map.of()).build();

        String draft = PostmortemDrafts.render(incident, List.of(entry));

        assertThat(draft).contains("| 2026-03-15 23:59:00 UTC | Opened: a \\| b second line |",
                "## What went well\n\n_To be written._", "## Root cause\n\n_To be written._",
                "| _To be written._ | | |");
    }

    private static Incident incident(String title) {
        Instant detected = Instant.parse("2026-03-15T23:59:00Z");
        return Incident.newBuilder().setIncidentId("INC-20260315-0001").setPolicyVersion("v").setStatus(IncidentStatus.RESOLVED)
                .setSeverity(Severity.P2).setTitle(title).setDetectedAt(detected).setUpdatedAt(detected).build();
    }
}
