package io.agentix.incident.escalation.api;

import static io.agentix.incident.events.TestEvents.anIncident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;

class IncidentFilterTest {

    @Test
    void acceptsRepeatedAndCommaSeparatedValuesInAnyCase() {
        IncidentFilter filter = IncidentFilter.parse(List.of("open,acknowledged", "MITIGATED"), List.of("p1", " P2 "),
                null, 100, 1000);

        assertThat(filter.statuses()).isEqualTo(Set.of(IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED,
                IncidentStatus.MITIGATED));
        assertThat(filter.severities()).isEqualTo(Set.of(Severity.P1, Severity.P2));
        assertThat(filter.limit()).isEqualTo(100);
        assertThat(filter.matches(incident("INC-1", IncidentStatus.OPEN, Severity.P1))).isTrue();
        assertThat(filter.matches(incident("INC-1", IncidentStatus.RESOLVED, Severity.P1))).isFalse();
        assertThat(filter.matches(incident("INC-1", IncidentStatus.OPEN, Severity.P3))).isFalse();
        assertThat(IncidentFilter.parse(null, List.of(), "7", 100, 1000).matches(
                incident("INC-1", IncidentStatus.CLOSED, Severity.P4))).isTrue();
    }

    @Test
    void namesUnknownValuesWithTheValidOnes() {
        assertThatThrownBy(() -> IncidentFilter.parse(List.of("open,sleeping"), null, null, 100, 1000))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown status [sleeping]; valid: [OPEN, ACKNOWLEDGED, MITIGATED, RESOLVED, CLOSED, DISMISSED]");
        assertThatThrownBy(() -> IncidentFilter.parse(null, List.of("P0"), null, 100, 1000))
                .hasMessageContaining("unknown severity [P0]");
        assertThatThrownBy(() -> IncidentFilter.parse(null, null, "1001", 100, 1000))
                .hasMessage("limit must be from 1 to 1000, was 1001");
        assertThatThrownBy(() -> IncidentFilter.parse(null, null, "ten", 100, 1000))
                .hasMessageContaining("limit must be a number");
    }

    @Test
    void ordersNewestFirstKeepsTheHighestVersionOfEachIncidentAndCutsAtTheLimit() {
        IncidentFilter filter = IncidentFilter.parse(null, null, "2", 100, 1000);
        IncidentSummary older = summary("INC-20261129-0001", "2026-11-29T09:00:00Z", 3);
        IncidentSummary newer = summary("INC-20261129-0002", "2026-11-29T10:00:00Z", 1);
        IncidentSummary newerStale = summary("INC-20261129-0002", "2026-11-29T10:00:00Z", 0);
        IncidentSummary sameTimeHigherId = summary("INC-20261129-0003", "2026-11-29T10:00:00Z", 1);

        assertThat(filter.newestFirst(List.of(older, newerStale, newer, sameTimeHigherId)))
                .containsExactly(sameTimeHigherId, newer);
        assertThat(IncidentFilter.parse(null, null, null, 100, 1000).newestFirst(List.of(older, newer, newerStale)))
                .containsExactly(newer, older);
    }

    private static Incident incident(String id, IncidentStatus status, Severity severity) {
        return anIncident().setIncidentId(id).setStatus(status).setSeverity(severity).build();
    }

    private static IncidentSummary summary(String id, String detectedAt, long version) {
        return IncidentSummary.of(anIncident().setIncidentId(id).setDetectedAt(Instant.parse(detectedAt))
                .setVersion(version).build());
    }
}
