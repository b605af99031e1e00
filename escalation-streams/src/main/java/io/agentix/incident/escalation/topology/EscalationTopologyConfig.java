package io.agentix.incident.escalation.topology;

import java.time.Duration;
import java.util.Objects;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.topics.TopicSpecs;

/**
 * What {@link EscalationTopology#build} needs: the topics with their serdes, the policy, and how
 * often the stored clocks are checked against the wall clock.
 *
 * @param topics every topic of the engine, names and serdes
 * @param policy the runbook as code
 * @param clockCheckInterval period of the wall-clock punctuation that fires due clocks: the most a
 *     clock fires after its deadline while the app runs (default {@link #DEFAULT_CLOCK_CHECK_INTERVAL})
 * @param storeType where state is kept: {@link StoreType#PERSISTENT} (the application, and the default)
 *     or {@link StoreType#IN_MEMORY} (TopologyTestDriver runs)
 * @param openIncidents where the processor counts open incidents for the application's gauges;
 *     {@link OpenIncidents#none()} (the default) counts nothing
 */
public record EscalationTopologyConfig(TopicSpecs topics, Policy policy, Duration clockCheckInterval,
                                       StoreType storeType, OpenIncidents openIncidents) {

    /** Clocks fire within a second of their deadline. */
    public static final Duration DEFAULT_CLOCK_CHECK_INTERVAL = Duration.ofSeconds(1);

    public EscalationTopologyConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clockCheckInterval, "clockCheckInterval");
        if (clockCheckInterval.toMillis() < 1) {
            throw new IllegalArgumentException("clockCheckInterval must be at least 1 ms, was " + clockCheckInterval);
        }
        Objects.requireNonNull(storeType, "storeType");
        Objects.requireNonNull(openIncidents, "openIncidents");
    }

    /** Counting no open incidents. */
    public EscalationTopologyConfig(TopicSpecs topics, Policy policy, Duration clockCheckInterval, StoreType storeType) {
        this(topics, policy, clockCheckInterval, storeType, OpenIncidents.none());
    }

    /** With persistent (RocksDB) stores, as the application runs. */
    public EscalationTopologyConfig(TopicSpecs topics, Policy policy, Duration clockCheckInterval) {
        this(topics, policy, clockCheckInterval, StoreType.PERSISTENT);
    }

    /** With the default clock check interval and persistent stores. */
    public EscalationTopologyConfig(TopicSpecs topics, Policy policy) {
        this(topics, policy, DEFAULT_CLOCK_CHECK_INTERVAL, StoreType.PERSISTENT);
    }

    /** The same configuration with {@code type} stores. */
    public EscalationTopologyConfig withStoreType(StoreType type) {
        return new EscalationTopologyConfig(topics, policy, clockCheckInterval, type, openIncidents);
    }

    /** The same configuration with the processor counting open incidents in {@code counts}. */
    public EscalationTopologyConfig withOpenIncidents(OpenIncidents counts) {
        return new EscalationTopologyConfig(topics, policy, clockCheckInterval, storeType, counts);
    }
}
