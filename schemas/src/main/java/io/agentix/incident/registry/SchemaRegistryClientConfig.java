package io.agentix.incident.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of an {@link HttpSchemaRegistryClient}: where the registry is, how to authenticate, how
 * long to wait and how often to retry.
 *
 * <p>{@link #parse(String, Map)} reads them from the same map the serde is configured with, using
 * the key names of Confluent's client ({@code basic.auth.credentials.source},
 * {@code basic.auth.user.info}, {@code max.retries}, {@code retries.wait.ms},
 * {@code retries.max.wait.ms}, {@code http.connect.timeout.ms}, {@code http.read.timeout.ms}) so a
 * configuration written for Confluent's serde works here unchanged.
 *
 * @param urls one or more registry base URLs, without credentials; tried in turn when one cannot be reached
 * @param userInfo {@code user:password} for HTTP basic authentication, or null for none
 * @param maxAttempts attempts per request (first try included) on connection errors and 5xx answers
 * @param initialBackoff wait before the second attempt; doubled for each further attempt
 * @param maxBackoff upper bound of the wait between attempts
 * @param connectTimeout bound on establishing a connection
 * @param requestTimeout bound on waiting for an answer
 */
public record SchemaRegistryClientConfig(List<URI> urls, String userInfo, int maxAttempts, Duration initialBackoff,
                                         Duration maxBackoff, Duration connectTimeout, Duration requestTimeout) {

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String MAX_RETRIES_CONFIG = "max.retries";
    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "URL",
                    ConfigDef.CaseInsensitiveValidString.in("URL", "USER_INFO"), Importance.MEDIUM,
                    "Where the basic-auth credentials come from: URL (user info of schema.registry.url) or USER_INFO (basic.auth.user.info).")
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password, used when basic.auth.credentials.source is USER_INFO.")
            .define(MAX_RETRIES_CONFIG, Type.INT, 2, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Retries after the first attempt on connection errors and 5xx answers; 4xx answers are never retried.")
            .define(RETRIES_WAIT_MS_CONFIG, Type.LONG, 200L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Wait before the first retry, doubled for each further retry.")
            .define(RETRIES_MAX_WAIT_MS_CONFIG, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Upper bound of the wait between retries.")
            .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Bound on establishing a connection to the registry.")
            .define(HTTP_READ_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Bound on waiting for the registry's answer.");

    public SchemaRegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is required");
        }
        for (URI url : urls) {
            if (url.getUserInfo() != null) {
                // URLs end up in every error message; credentials must not.
                throw new IllegalArgumentException("schema registry URL " + url.getHost() + " must not carry credentials; pass them as userInfo");
            }
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "initialBackoff");
        requireNonNegative(maxBackoff, "maxBackoff");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** Defaults for the given comma-separated URL list. */
    public static SchemaRegistryClientConfig of(String urls) {
        return parse(urls, Map.of());
    }

    /**
     * Reads the settings for the comma-separated {@code urls} from a serde configuration map.
     *
     * @throws ConfigException naming the key of an invalid value or URL
     */
    public static SchemaRegistryClientConfig parse(String urls, Map<String, ?> configs) {
        Map<String, Object> values = CONFIG.parse(configs);
        List<URI> parsed = new ArrayList<>();
        String urlUserInfo = null;
        for (String raw : Objects.requireNonNull(urls, "urls").split(",")) {
            if (raw.isBlank()) {
                continue;
            }
            URI url = parseUrl(raw.trim());
            if (url.getUserInfo() != null && urlUserInfo == null) {
                urlUserInfo = url.getUserInfo();
            }
            parsed.add(withoutUserInfo(url));
        }
        if (parsed.isEmpty()) {
            throw new ConfigException("schema.registry.url", urls, "at least one http(s) URL is required");
        }
        String source = ((String) values.get(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG)).toUpperCase(Locale.ROOT);
        String userInfo = urlUserInfo;
        if (source.equals("USER_INFO")) {
            Password password = (Password) values.get(BASIC_AUTH_USER_INFO_CONFIG);
            if (password == null || !password.value().contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG + " must be 'user:password' when "
                        + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is USER_INFO");
            }
            userInfo = password.value();
        }
        return new SchemaRegistryClientConfig(parsed, userInfo,
                (Integer) values.get(MAX_RETRIES_CONFIG) + 1,
                Duration.ofMillis((Long) values.get(RETRIES_WAIT_MS_CONFIG)),
                Duration.ofMillis((Long) values.get(RETRIES_MAX_WAIT_MS_CONFIG)),
                Duration.ofMillis((Long) values.get(HTTP_CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis((Long) values.get(HTTP_READ_TIMEOUT_MS_CONFIG)));
    }

    /** The same settings with another retry policy. */
    public SchemaRegistryClientConfig withRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new SchemaRegistryClientConfig(urls, userInfo, maxAttempts, initialBackoff, maxBackoff, connectTimeout, requestTimeout);
    }

    /** The same settings with other timeouts. */
    public SchemaRegistryClientConfig withTimeouts(Duration connectTimeout, Duration requestTimeout) {
        return new SchemaRegistryClientConfig(urls, userInfo, maxAttempts, initialBackoff, maxBackoff, connectTimeout, requestTimeout);
    }

    /** Wait before attempt {@code attempt} (2 for the first retry): exponential, capped. */
    public Duration backoffBefore(int attempt) {
        int doublings = Math.min(attempt - 2, 30);
        long millis = initialBackoff.toMillis() << Math.max(doublings, 0);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** The URLs as one string, as they appear in messages. */
    public String describeUrls() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    @Override
    public String toString() {
        // userInfo is a secret: never print it.
        return "SchemaRegistryClientConfig[urls=" + describeUrls() + ", basicAuth=" + (userInfo != null)
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    private static URI parseUrl(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException("schema.registry.url", raw, "not a valid URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new ConfigException("schema.registry.url", withoutUserInfo(url).toString(),
                    "expected http://host:port or https://host:port (or mock://<scope> for tests)");
        }
        return url;
    }

    private static URI withoutUserInfo(URI url) {
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException("schema.registry.url", url.getHost(), "not a valid URL: " + e.getMessage());
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
