package io.agentix.incident.ingest;

import java.util.EnumMap;
import java.util.Map;

import io.agentix.incident.ingest.core.NormalizationSettings;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.WebhookNormalizer;

/** The ingest service with {@link EchoNormalizer} for every source, for HTTP tests. */
public final class IngestTestApplication extends IngestApplication {

    @Override
    protected Map<Source, WebhookNormalizer> normalizers(NormalizationSettings settings) {
        Map<Source, WebhookNormalizer> normalizers = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            normalizers.put(source, new EchoNormalizer(source));
        }
        return normalizers;
    }
}
