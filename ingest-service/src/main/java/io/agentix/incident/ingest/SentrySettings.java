package io.agentix.incident.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

/**
 * How Sentry deliveries are authenticated.
 *
 * <pre>
 * sentry:
 *   clientSecrets: [${SENTRY_CLIENT_SECRET}]     # integration platform: HMAC of the body; several while rotating
 *   maxClockSkew: 5m                             # Sentry-Hook-Timestamp is not signed: bound its age
 *   installations: {6d1e...: acme}               # installation.uuid -> account; others are "default"
 *   legacyTokens: {${SENTRY_LEGACY_TOKEN}: acme} # legacy WebHooks plugin: secret URL token -> account
 * </pre>
 */
public class SentrySettings {

    @NotNull
    private List<String> clientSecrets = List.of();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration maxClockSkew = Duration.minutes(5);

    @NotNull
    private Map<String, String> installations = Map.of();

    @NotNull
    private Map<String, String> legacyTokens = Map.of();

    @JsonProperty
    public List<String> getClientSecrets() {
        return clientSecrets;
    }

    @JsonProperty
    public void setClientSecrets(List<String> clientSecrets) {
        this.clientSecrets = clientSecrets;
    }

    @JsonProperty
    public Duration getMaxClockSkew() {
        return maxClockSkew;
    }

    @JsonProperty
    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    @JsonProperty
    public Map<String, String> getInstallations() {
        return installations;
    }

    @JsonProperty
    public void setInstallations(Map<String, String> installations) {
        this.installations = installations;
    }

    @JsonProperty
    public Map<String, String> getLegacyTokens() {
        return legacyTokens;
    }

    @JsonProperty
    public void setLegacyTokens(Map<String, String> legacyTokens) {
        this.legacyTokens = legacyTokens;
    }
}
