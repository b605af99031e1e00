package io.agentix.incident.notifier;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code delivery:} section: how the consumer loop attempts, retries and limits deliveries. Every key
 * has a default, so the section may be left out.
 *
 * <pre>
 * delivery:
 *   consumerGroup: notifier-service
 *   maxAttempts: 8
 *   initialBackoff: 1s
 *   maxBackoff: 5m
 *   jitter: 0.2
 *   breaker: {failureThreshold: 5, openFor: 30s}
 *   concurrency: 4            # worker threads sending attempts
 *   maxInFlight: 1000         # notifications taken and unfinished before consumption pauses
 *   rateLimit: {pagesPerRoute: 5, window: 1m}
 *   failureWindow: 15m        # /healthcheck is red this long after a FAILED delivery
 *   idlePoll: 100ms
 *   catchUpTimeout: 60s       # reading notification-receipts to its end
 *   drainTimeout: 30s         # on stop or rebalance: attempts under way and their receipts
 * </pre>
 */
public class DeliveryFactory {

    /** The breaker per endpoint. */
    public static class BreakerFactory {
        @Min(1)
        private int failureThreshold = 5;

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
        private Duration openFor = Duration.seconds(30);

        @JsonProperty
        public int getFailureThreshold() {
            return failureThreshold;
        }

        @JsonProperty
        public void setFailureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
        }

        @JsonProperty
        public Duration getOpenFor() {
            return openFor;
        }

        @JsonProperty
        public void setOpenFor(Duration openFor) {
            this.openFor = openFor;
        }
    }

    /** The page rate limit per route (a person). */
    public static class RateLimitFactory {
        @Min(1)
        private int pagesPerRoute = 5;

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
        private Duration window = Duration.minutes(1);

        @JsonProperty
        public int getPagesPerRoute() {
            return pagesPerRoute;
        }

        @JsonProperty
        public void setPagesPerRoute(int pagesPerRoute) {
            this.pagesPerRoute = pagesPerRoute;
        }

        @JsonProperty
        public Duration getWindow() {
            return window;
        }

        @JsonProperty
        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    @NotBlank
    private String consumerGroup = "notifier-service";

    @Min(1)
    private int maxAttempts = 8;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration initialBackoff = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration maxBackoff = Duration.minutes(5);

    @DecimalMin("0")
    @DecimalMax("1")
    private double jitter = 0.2;

    @Valid
    @NotNull
    private BreakerFactory breaker = new BreakerFactory();

    @Min(1)
    private int concurrency = 4;

    @Min(1)
    private int maxInFlight = 1000;

    @Valid
    @NotNull
    private RateLimitFactory rateLimit = new RateLimitFactory();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration failureWindow = Duration.minutes(15);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration idlePoll = Duration.milliseconds(100);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration catchUpTimeout = Duration.seconds(60);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration drainTimeout = Duration.seconds(30);

    /** The pure settings of the coordinator. */
    public DeliverySettings settings() {
        return new DeliverySettings(maxAttempts, initialBackoff.toJavaDuration(), maxBackoff.toJavaDuration(), jitter,
                breaker.getFailureThreshold(), breaker.getOpenFor().toJavaDuration(), maxInFlight,
                rateLimit.getPagesPerRoute(), rateLimit.getWindow().toJavaDuration());
    }

    @JsonProperty
    public String getConsumerGroup() {
        return consumerGroup;
    }

    @JsonProperty
    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    @JsonProperty
    public int getMaxAttempts() {
        return maxAttempts;
    }

    @JsonProperty
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    @JsonProperty
    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    @JsonProperty
    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    @JsonProperty
    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    @JsonProperty
    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    @JsonProperty
    public double getJitter() {
        return jitter;
    }

    @JsonProperty
    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    @JsonProperty
    public BreakerFactory getBreaker() {
        return breaker;
    }

    @JsonProperty
    public void setBreaker(BreakerFactory breaker) {
        this.breaker = breaker;
    }

    @JsonProperty
    public int getConcurrency() {
        return concurrency;
    }

    @JsonProperty
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    @JsonProperty
    public int getMaxInFlight() {
        return maxInFlight;
    }

    @JsonProperty
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    @JsonProperty
    public RateLimitFactory getRateLimit() {
        return rateLimit;
    }

    @JsonProperty
    public void setRateLimit(RateLimitFactory rateLimit) {
        this.rateLimit = rateLimit;
    }

    @JsonProperty
    public Duration getFailureWindow() {
        return failureWindow;
    }

    @JsonProperty
    public void setFailureWindow(Duration failureWindow) {
        this.failureWindow = failureWindow;
    }

    @JsonProperty
    public Duration getIdlePoll() {
        return idlePoll;
    }

    @JsonProperty
    public void setIdlePoll(Duration idlePoll) {
        this.idlePoll = idlePoll;
    }

    @JsonProperty
    public Duration getCatchUpTimeout() {
        return catchUpTimeout;
    }

    @JsonProperty
    public void setCatchUpTimeout(Duration catchUpTimeout) {
        this.catchUpTimeout = catchUpTimeout;
    }

    @JsonProperty
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    @JsonProperty
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }
}
