package io.agentix.incident.ingest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotNull;

/**
 * The secret tokens of a source that authenticates with a URL token or a bearer token, each
 * mapped to the source account it stands for: {@code tokens: {<token>: <account>}}. An empty map
 * is allowed: the source then answers every delivery with 401.
 */
public class TokenSettings {

    @NotNull
    private Map<String, String> tokens = Map.of();

    @JsonProperty
    public Map<String, String> getTokens() {
        return tokens;
    }

    @JsonProperty
    public void setTokens(Map<String, String> tokens) {
        this.tokens = tokens;
    }
}
