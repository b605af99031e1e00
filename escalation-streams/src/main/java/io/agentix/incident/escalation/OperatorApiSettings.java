package io.agentix.incident.escalation;

import java.util.HashMap;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code operatorApi} section: who may send commands, and how the API waits for Kafka and for
 * the other instances.
 *
 * <pre>
 * operatorApi:
 *   tokens: {alice: "${ALICE_OPERATOR_TOKEN}", operator: "${OPERATOR_API_TOKEN}"}  # person -> bearer token
 *   protectReads: false      # true: the GETs need a token too
 *   ackTimeout: 5s           # no broker ack of a command within this: 503
 *   retryAfterSeconds: 5     # Retry-After of a 503
 *   forwardTimeout: 5s       # a read forwarded to the instance that hosts the incident
 *   responseThreads: 2       # threads that write the answers, off the producer's I/O thread
 *   maxListSize: 1000        # most incidents one GET /incidents returns (?limit=, default 100)
 * </pre>
 *
 * <p>A token's key is the person a command is issued by when the body names nobody. An empty token
 * is no token: that person cannot send commands (config.yml reads {@code ${OPERATOR_API_TOKEN:-}},
 * so an unset variable leaves the engine running with its commands answered 401, rather than
 * stopping escalations for want of an operator credential). Tokens must be distinct (one token
 * standing for two people would make "by" a guess). A value still reading {@code ${NAME}} is an
 * environment variable without default that was not set: start-up fails naming it, rather than
 * accept the placeholder itself as a guessable token.
 */
@SelfValidating
public class OperatorApiSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)[^}]*}");

    @NotNull
    private Map<String, String> tokens = Map.of();

    private boolean protectReads;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration ackTimeout = Duration.seconds(5);

    @Min(1)
    private int retryAfterSeconds = 5;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration forwardTimeout = Duration.seconds(5);

    @Min(1)
    @Max(64)
    private int responseThreads = 2;

    @Min(1)
    @Max(100_000)
    private int maxListSize = 1000;

    @JsonProperty
    public Map<String, String> getTokens() {
        return tokens;
    }

    @JsonProperty
    public void setTokens(Map<String, String> tokens) {
        this.tokens = tokens;
    }

    @JsonProperty
    public boolean isProtectReads() {
        return protectReads;
    }

    @JsonProperty
    public void setProtectReads(boolean protectReads) {
        this.protectReads = protectReads;
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
    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    @JsonProperty
    public void setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @JsonProperty
    public Duration getForwardTimeout() {
        return forwardTimeout;
    }

    @JsonProperty
    public void setForwardTimeout(Duration forwardTimeout) {
        this.forwardTimeout = forwardTimeout;
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
    public int getMaxListSize() {
        return maxListSize;
    }

    @JsonProperty
    public void setMaxListSize(int maxListSize) {
        this.maxListSize = maxListSize;
    }

    /** The configured tokens, without the people whose token is empty. */
    public Map<String, String> effectiveTokens() {
        Map<String, String> effective = new java.util.LinkedHashMap<>();
        tokens.forEach((person, token) -> {
            if (token != null && !token.isEmpty()) {
                effective.put(person, token);
            }
        });
        return effective;
    }

    @SelfValidation
    public void validateTokens(ViolationCollector violations) {
        if (tokens == null) {
            return; // reported by @NotNull
        }
        Map<String, String> personByToken = new HashMap<>();
        tokens.forEach((person, token) -> {
            if (person == null || person.isBlank()) {
                violations.addViolation("tokens", "{problem}", Map.of("problem", "has a token without a person"));
            }
            if (token == null || token.isEmpty()) {
                return; // no token: this person cannot send commands
            }
            if (token.isBlank()) {
                violations.addViolation("tokens", "{problem}", Map.of("problem", "token of " + person
                        + " is only whitespace"));
                return;
            }
            Matcher placeholder = PLACEHOLDER.matcher(token);
            if (placeholder.find()) {
                violations.addViolation("tokens", "{problem}", Map.of("problem", "token of " + person
                        + ": environment variable " + placeholder.group(1) + " is not set"));
                return;
            }
            String other = personByToken.putIfAbsent(token, person);
            if (other != null) {
                violations.addViolation("tokens", "{problem}", Map.of("problem",
                        person + " and " + other + " have the same token"));
            }
        });
    }
}
