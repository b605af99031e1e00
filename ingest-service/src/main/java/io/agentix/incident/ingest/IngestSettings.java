package io.agentix.incident.ingest;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code ingest} section: limits, the answer while Kafka is away, and each source's credentials.
 *
 * <pre>
 * ingest:
 *   maxBodyBytes: 1048576        # larger bodies: 413
 *   rejectedBodyBytes: 65536     # how much of a 413/415 body is kept in webhooks.rejected
 *   retryAfterSeconds: 5         # Retry-After of a 503
 *   ackTimeout: 5s               # no broker ack within this: 503
 *   sendFailureWindow: 1m        # health is red while the latest send failed within this
 *   responseThreads: 2           # threads that answer rejections and Kafka failures (which log), off the producer's I/O thread
 *   sentry: {clientSecrets: [..], maxClockSkew: 5m, installations: {uuid: account}, legacyTokens: {token: account}}
 *   betterstack: {tokens: {token: account}}
 *   railway: {tokens: {token: account}}
 *   alertmanager: {tokens: {token: account}}
 *   github: {secrets: {secret: account}}
 *   reports: {tokens: {token: account}}
 *   normalization: {mainBranches: [main, master], productionEnvironments: [production, prod, live]}
 * </pre>
 *
 * <p>Credentials must be non-blank. A value still reading {@code ${NAME}} is an environment
 * variable that was not set (config.yml names them without defaults): start-up fails naming it,
 * rather than accepting the placeholder itself as a secret or silently answering 401 to a sender.
 */
@SelfValidating
public class IngestSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)[^}]*}");

    /**
     * 1 MiB by default: Sentry events reach hundreds of KB. The ceiling keeps a raw record within the
     * webhooks topics' 2 MiB {@code max.message.bytes}.
     */
    @Min(1)
    @Max(2_000_000)
    private int maxBodyBytes = 1024 * 1024;

    @Min(0)
    @Max(1024 * 1024)
    private int rejectedBodyBytes = 64 * 1024;

    @Min(1)
    private int retryAfterSeconds = 5;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration ackTimeout = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration sendFailureWindow = Duration.minutes(1);

    @Min(1)
    @Max(64)
    private int responseThreads = 2;

    @Valid
    @NotNull
    private SentrySettings sentry = new SentrySettings();

    @Valid
    @NotNull
    private TokenSettings betterstack = new TokenSettings();

    @Valid
    @NotNull
    private TokenSettings railway = new TokenSettings();

    @Valid
    @NotNull
    private TokenSettings alertmanager = new TokenSettings();

    @Valid
    @NotNull
    private GithubSettings github = new GithubSettings();

    @Valid
    @NotNull
    private TokenSettings reports = new TokenSettings();

    @Valid
    @NotNull
    private NormalizationFactory normalization = new NormalizationFactory();

    @JsonProperty
    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    @JsonProperty
    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @JsonProperty
    public int getRejectedBodyBytes() {
        return rejectedBodyBytes;
    }

    @JsonProperty
    public void setRejectedBodyBytes(int rejectedBodyBytes) {
        this.rejectedBodyBytes = rejectedBodyBytes;
    }

    @JsonProperty
    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    @JsonProperty
    public void setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @JsonProperty
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    @JsonProperty
    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    @JsonProperty
    public Duration getSendFailureWindow() {
        return sendFailureWindow;
    }

    @JsonProperty
    public void setSendFailureWindow(Duration sendFailureWindow) {
        this.sendFailureWindow = sendFailureWindow;
    }

    @JsonProperty
    public int getResponseThreads() {
        return responseThreads;
    }

    @JsonProperty
    public void setResponseThreads(int responseThreads) {
        this.responseThreads = responseThreads;
    }

    @JsonProperty
    public SentrySettings getSentry() {
        return sentry;
    }

    @JsonProperty
    public void setSentry(SentrySettings sentry) {
        this.sentry = sentry;
    }

    @JsonProperty
    public TokenSettings getBetterstack() {
        return betterstack;
    }

    @JsonProperty
    public void setBetterstack(TokenSettings betterstack) {
        this.betterstack = betterstack;
    }

    @JsonProperty
    public TokenSettings getRailway() {
        return railway;
    }

    @JsonProperty
    public void setRailway(TokenSettings railway) {
        this.railway = railway;
    }

    @JsonProperty
    public TokenSettings getAlertmanager() {
        return alertmanager;
    }

    @JsonProperty
    public void setAlertmanager(TokenSettings alertmanager) {
        this.alertmanager = alertmanager;
    }

    @JsonProperty
    public GithubSettings getGithub() {
        return github;
    }

    @JsonProperty
    public void setGithub(GithubSettings github) {
        this.github = github;
    }

    @JsonProperty
    public TokenSettings getReports() {
        return reports;
    }

    @JsonProperty
    public void setReports(TokenSettings reports) {
        this.reports = reports;
    }

    @JsonProperty
    public NormalizationFactory getNormalization() {
        return normalization;
    }

    @JsonProperty
    public void setNormalization(NormalizationFactory normalization) {
        this.normalization = normalization;
    }

    @SelfValidation
    public void validateCredentials(ViolationCollector violations) {
        if (sentry != null) {
            if (sentry.getClientSecrets() != null) {
                sentry.getClientSecrets().forEach(secret -> checkSecret(violations, "sentry.clientSecrets", secret));
            }
            checkMap(violations, "sentry.installations", sentry.getInstallations());
            checkMap(violations, "sentry.legacyTokens", sentry.getLegacyTokens());
        }
        checkTokens(violations, "betterstack", betterstack);
        checkTokens(violations, "railway", railway);
        checkTokens(violations, "alertmanager", alertmanager);
        checkTokens(violations, "reports", reports);
        if (github != null) {
            checkMap(violations, "github.secrets", github.getSecrets());
        }
    }

    private static void checkTokens(ViolationCollector violations, String source, TokenSettings settings) {
        if (settings != null) {
            checkMap(violations, source + ".tokens", settings.getTokens());
        }
    }

    private static void checkMap(ViolationCollector violations, String property, Map<String, String> credentials) {
        if (credentials == null) {
            return; // reported by @NotNull
        }
        credentials.forEach((secret, account) -> {
            checkSecret(violations, property, secret);
            if (account == null || account.isBlank()) {
                violations.addViolation(property, "{problem}", Map.of("problem", "has an entry without an account"));
            } else {
                checkPlaceholder(violations, property, account);
            }
        });
    }

    private static void checkSecret(ViolationCollector violations, String property, String secret) {
        if (secret == null || secret.isBlank()) {
            violations.addViolation(property, "{problem}", Map.of("problem", "has a blank secret"));
        } else {
            checkPlaceholder(violations, property, secret);
        }
    }

    private static void checkPlaceholder(ViolationCollector violations, String property, String value) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        if (placeholder.find()) {
            // Name the variable only: the value is a placeholder, not a secret, but say no more than needed.
            violations.addViolation(property, "{problem}", Map.of("problem",
                    "environment variable " + placeholder.group(1) + " is not set"));
        }
    }
}
