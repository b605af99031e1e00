package io.agentix.incident.simulator.scenario;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.agentix.incident.ingest.core.Source;

/**
 * A webhook delivery as the ingest service would receive it (signatures are not checked).
 *
 * @param source the endpoint it arrives on
 * @param account the source account the ingest service would resolve from the credentials, or null
 * @param headers request headers as written in the scenario
 * @param body the body bytes: the scenario's {@code body} JSON, serialized compactly
 */
public record WebhookStep(int line, Instant at, Source source, String account, Map<String, String> headers,
                          byte[] body) implements ScenarioStep {

    public WebhookStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
