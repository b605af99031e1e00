package io.agentix.incident.ingest;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.ingest.core.NormalizationSettings;
import jakarta.validation.constraints.NotEmpty;

/**
 * The facts normalizers take from configuration.
 *
 * <pre>
 * normalization:
 *   mainBranches: [main, master]
 *   productionEnvironments: [production, prod, live]
 * </pre>
 */
public class NormalizationFactory {

    @NotEmpty
    private Set<String> mainBranches = NormalizationSettings.defaults().mainBranches();

    @NotEmpty
    private Set<String> productionEnvironments = NormalizationSettings.defaults().productionEnvironments();

    @JsonProperty
    public Set<String> getMainBranches() {
        return mainBranches;
    }

    @JsonProperty
    public void setMainBranches(Set<String> mainBranches) {
        this.mainBranches = mainBranches;
    }

    @JsonProperty
    public Set<String> getProductionEnvironments() {
        return productionEnvironments;
    }

    @JsonProperty
    public void setProductionEnvironments(Set<String> productionEnvironments) {
        this.productionEnvironments = productionEnvironments;
    }

    public NormalizationSettings build() {
        return new NormalizationSettings(mainBranches, productionEnvironments);
    }
}
