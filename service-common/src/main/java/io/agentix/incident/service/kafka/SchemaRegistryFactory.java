package io.agentix.incident.service.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Where the Avro serdes find the schema registry, and how they use it.
 *
 * <pre>
 * schemaRegistry:
 *   url: http://localhost:8081        # or mock://some-scope for an in-memory registry in tests
 *   autoRegisterSchemas: true
 *   serde: {use.latest.version: "false"}
 * </pre>
 *
 * <p>{@link #serdeConfig()} is the map the serdes are configured with; keys are the Confluent serde
 * keys, so the same configuration works against any Confluent-API-compatible registry.
 */
@SelfValidating
public class SchemaRegistryFactory {

    /** Serde key of the registry URL(s). */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Serde key of whether serializers register unknown schemas. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private static final Set<String> SCHEMES = Set.of("http", "https", "mock");

    @NotBlank
    private String url;

    private boolean autoRegisterSchemas = true;

    @NotNull
    private Map<String, String> serde = Map.of();

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
    }

    @JsonProperty
    public boolean isAutoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    @JsonProperty
    public void setAutoRegisterSchemas(boolean autoRegisterSchemas) {
        this.autoRegisterSchemas = autoRegisterSchemas;
    }

    @JsonProperty
    public Map<String, String> getSerde() {
        return serde;
    }

    @JsonProperty
    public void setSerde(Map<String, String> serde) {
        this.serde = serde;
    }

    /** The serde configuration: registry URL, auto-registration, then the {@code serde} map. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(SCHEMA_REGISTRY_URL, url);
        config.put(AUTO_REGISTER_SCHEMAS, autoRegisterSchemas);
        config.putAll(serde);
        return config;
    }

    /** The registry client accepts a comma-separated list of URLs; each must be one it can reach. */
    @SelfValidation
    public void validateUrl(ViolationCollector violations) {
        if (url == null || url.isBlank()) {
            return; // reported by @NotBlank
        }
        for (String each : url.split(",")) {
            String problem = problemWith(each.trim());
            if (problem != null) {
                violations.addViolation("url", "{problem}", Map.of("problem", problem));
            }
        }
    }

    private static String problemWith(String candidate) {
        try {
            URI uri = new URI(candidate);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                return "'" + candidate + "' must start with http://, https:// or mock://";
            }
            if (uri.getHost() == null && !"mock".equals(uri.getScheme())) {
                return "'" + candidate + "' has no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + candidate + "' is not a URL: " + e.getMessage();
        }
    }
}
