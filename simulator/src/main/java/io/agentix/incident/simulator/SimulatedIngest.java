package io.agentix.incident.simulator;

import java.util.Map;
import java.util.Objects;

import io.agentix.incident.ingest.core.MalformedWebhookException;
import io.agentix.incident.ingest.core.NormalizationSettings;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.ingest.core.Normalizers;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.StoredHeaders;
import io.agentix.incident.ingest.core.WebhookDelivery;
import io.agentix.incident.ingest.core.WebhookNormalizer;
import io.agentix.incident.simulator.scenario.ScenarioException;
import io.agentix.incident.simulator.scenario.WebhookStep;

/**
 * What the ingest service makes of a scenario's webhook, minus the HTTP and the signature check:
 * the same normalizers with the default settings, the headers it keeps, and the step's {@code at}
 * as the receipt time. The raw id is {@code simulator-line-N} instead of a random UUID, so the
 * output of a scenario is the same on every run.
 */
final class SimulatedIngest {

    private final Map<Source, WebhookNormalizer> normalizers;

    SimulatedIngest(NormalizationSettings settings) {
        this.normalizers = Normalizers.all(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * @throws ScenarioException when the ingest service would answer 400 (the body does not fit the
     *     sender's format): a scenario meant to feed the engine must not rely on a rejected delivery
     */
    Normalized normalize(WebhookStep step) throws ScenarioException {
        Map<String, String> headers = StoredHeaders.newMap();
        step.headers().forEach((name, value) -> StoredHeaders.put(headers, name, value));
        WebhookDelivery delivery = new WebhookDelivery("simulator-line-" + step.line(), step.source(), step.account(),
                headers, step.body(), step.at());
        try {
            return normalizers.get(step.source()).normalize(delivery);
        } catch (MalformedWebhookException e) {
            throw new ScenarioException(step.line(), "the ingest service would reject this " + step.source().id()
                    + " webhook with 400: " + e.getMessage());
        }
    }
}
