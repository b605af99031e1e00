package io.agentix.incident.ingest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotNull;

/**
 * The webhook secrets of GitHub, each mapped to the account its deliveries belong to:
 * {@code secrets: {<secret>: <account>}}. The delivery's {@code X-Hub-Signature-256} tells which
 * secret signed it.
 */
public class GithubSettings {

    @NotNull
    private Map<String, String> secrets = Map.of();

    @JsonProperty
    public Map<String, String> getSecrets() {
        return secrets;
    }

    @JsonProperty
    public void setSecrets(Map<String, String> secrets) {
        this.secrets = secrets;
    }
}
