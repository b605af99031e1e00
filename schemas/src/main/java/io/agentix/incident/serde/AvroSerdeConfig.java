package io.agentix.incident.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.agentix.incident.registry.SchemaRegistryClient;
import io.agentix.incident.registry.SchemaRegistryClients;

/**
 * Settings of the Avro serde, with exactly the key names of Confluent's serde so a configuration
 * map can be moved between the two implementations unchanged.
 *
 * <ul>
 *   <li>{@value #SCHEMA_REGISTRY_URL_CONFIG}: comma-separated http(s) URLs, or {@code mock://<scope>}.
 *       Optional when the serde was given a client.</li>
 *   <li>{@value #AUTO_REGISTER_SCHEMAS_CONFIG} (default true): register the record's schema on first use.</li>
 *   <li>{@value #USE_LATEST_VERSION_CONFIG} (default false): write with the subject's latest version;
 *       requires auto.register.schemas=false, as in Confluent's serde.</li>
 *   <li>{@value #SPECIFIC_AVRO_READER_CONFIG}: accepted for compatibility; the specific serde always
 *       reads into generated classes.</li>
 *   <li>{@value #SPECIFIC_AVRO_KEY_TYPE_CONFIG} / {@value #SPECIFIC_AVRO_VALUE_TYPE_CONFIG}: class to read
 *       into; by default the class named by the writer schema.</li>
 *   <li>{@value #KEY_SUBJECT_NAME_STRATEGY_CONFIG} / {@value #VALUE_SUBJECT_NAME_STRATEGY_CONFIG}: only
 *       TopicNameStrategy ({@code <topic>-key}, {@code <topic>-value}) is supported; anything else is rejected
 *       rather than silently using other subjects.</li>
 *   <li>HTTP client settings (basic auth, retries, timeouts): see
 *       {@link io.agentix.incident.registry.SchemaRegistryClientConfig}.</li>
 * </ul>
 */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH,
                    "Schema registry URLs (comma-separated), or mock://<scope> for an in-memory registry.")
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under the subject on first use.")
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Write with the subject's latest registered version instead of the record's own schema.")
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    "Accepted for compatibility with Confluent's configuration; the specific serde always reads generated classes.")
            .define(SPECIFIC_AVRO_KEY_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "Generated class that keys are read into; by default the class named by the writer schema.")
            .define(SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "Generated class that values are read into; by default the class named by the writer schema.");

    private static final String TOPIC_NAME_STRATEGY = "TopicNameStrategy";

    private final Map<String, ?> originals;
    private final Optional<String> schemaRegistryUrl;
    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final Class<?> keyType;
    private final Class<?> valueType;

    /** @throws ConfigException naming the key of an invalid value or combination */
    public AvroSerdeConfig(Map<String, ?> configs) {
        this.originals = new HashMap<>(configs);
        Map<String, Object> values = CONFIG.parse(configs);
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) values.get(SCHEMA_REGISTRY_URL_CONFIG);
        this.schemaRegistryUrl = urls.isEmpty() ? Optional.empty() : Optional.of(String.join(",", urls));
        this.autoRegisterSchemas = (Boolean) values.get(AUTO_REGISTER_SCHEMAS_CONFIG);
        this.useLatestVersion = (Boolean) values.get(USE_LATEST_VERSION_CONFIG);
        this.keyType = specificClass(values, SPECIFIC_AVRO_KEY_TYPE_CONFIG);
        this.valueType = specificClass(values, SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
        if (autoRegisterSchemas && useLatestVersion) {
            // Same rule as Confluent's serde: "latest" is only meaningful when nothing registers behind it.
            throw new ConfigException(USE_LATEST_VERSION_CONFIG + "=true requires " + AUTO_REGISTER_SCHEMAS_CONFIG + "=false");
        }
        requireTopicNameStrategy(configs, KEY_SUBJECT_NAME_STRATEGY_CONFIG);
        requireTopicNameStrategy(configs, VALUE_SUBJECT_NAME_STRATEGY_CONFIG);
    }

    /** The configured registry URL(s), if any. */
    public Optional<String> schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /**
     * A new client for the configured registry, with the HTTP settings of the same map.
     *
     * @throws ConfigException when {@value #SCHEMA_REGISTRY_URL_CONFIG} is not set or invalid
     */
    public SchemaRegistryClient createClient() {
        String url = schemaRegistryUrl.orElseThrow(() -> new ConfigException(SCHEMA_REGISTRY_URL_CONFIG
                + " is required (an http(s) URL list, or mock://<scope>)"));
        return SchemaRegistryClients.create(url, originals);
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    /** The class keys or values are read into, when configured. */
    public Optional<Class<?>> readerType(boolean isKey) {
        return Optional.ofNullable(isKey ? keyType : valueType);
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subjectName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static Class<?> specificClass(Map<String, Object> values, String key) {
        Class<?> type = (Class<?>) values.get(key);
        if (type != null && !SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, type.getName(), "not an Avro SpecificRecord class");
        }
        return type;
    }

    private static void requireTopicNameStrategy(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        String name = value instanceof Class<?> c ? c.getName() : value == null ? null : value.toString();
        if (name != null && !name.endsWith("." + TOPIC_NAME_STRATEGY) && !name.equals(TOPIC_NAME_STRATEGY)) {
            throw new ConfigException(key, name, "only TopicNameStrategy (subjects <topic>-key and <topic>-value) is supported");
        }
    }
}
