package io.agentix.incident.ingest.core;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The few facts normalizers need from configuration.
 *
 * @param mainBranches branch names that count as "main" for deploy facts when the payload does not
 *     name the default branch (GitHub does; Railway does not)
 * @param productionEnvironments environment names treated as production; alerts from other named
 *     environments get a lower severity hint
 */
public record NormalizationSettings(Set<String> mainBranches, Set<String> productionEnvironments) {

    public NormalizationSettings {
        mainBranches = lower(mainBranches);
        productionEnvironments = lower(productionEnvironments);
    }

    public static NormalizationSettings defaults() {
        return new NormalizationSettings(Set.of("main", "master"), Set.of("production", "prod", "live"));
    }

    public boolean isMainBranch(String branch) {
        return branch != null && mainBranches.contains(branch.toLowerCase(Locale.ROOT));
    }

    /**
     * Unknown (null) environments count as production: when in doubt, the engine assumes the
     * larger impact (runbook: escalate up one level).
     */
    public boolean isProduction(String environment) {
        return environment == null || productionEnvironments.contains(environment.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
