package io.agentix.incident.registry;

import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.config.ConfigException;

/** Creates the {@link SchemaRegistryClient} a {@code schema.registry.url} names. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * A {@link MockSchemaRegistry} for {@code mock://<scope>}, otherwise an
     * {@link HttpSchemaRegistryClient} for the comma-separated http(s) URLs, configured from
     * {@code config} (see {@link SchemaRegistryClientConfig#parse}).
     *
     * @throws ConfigException naming the key of a missing or invalid setting
     */
    public static SchemaRegistryClient create(String url, Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        if (url == null || url.isBlank()) {
            throw new ConfigException("schema.registry.url", url, "a schema registry URL is required");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith(MockSchemaRegistry.URL_PREFIX)) {
            if (trimmed.contains(",")) {
                throw new ConfigException("schema.registry.url", url, "a mock:// URL cannot be combined with other URLs");
            }
            return MockSchemaRegistry.forUrl(trimmed);
        }
        return new HttpSchemaRegistryClient(SchemaRegistryClientConfig.parse(trimmed, config));
    }
}
