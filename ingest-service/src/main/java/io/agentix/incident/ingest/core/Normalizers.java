package io.agentix.incident.ingest.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The normalizer of every source: the one place they are put together, for the service and the CLI. */
public final class Normalizers {

    private Normalizers() {
    }

    public static Map<Source, WebhookNormalizer> all(NormalizationSettings settings) {
        Map<Source, WebhookNormalizer> normalizers = new EnumMap<>(Source.class);
        for (WebhookNormalizer normalizer : new WebhookNormalizer[] {
            new SentryNormalizer(settings),
            new BetterStackNormalizer(settings),
            new RailwayNormalizer(settings),
            new AlertmanagerNormalizer(settings),
            new GithubNormalizer(settings),
            new ReportNormalizer(settings)}) {
            normalizers.put(normalizer.source(), normalizer);
        }
        return Collections.unmodifiableMap(normalizers);
    }
}
