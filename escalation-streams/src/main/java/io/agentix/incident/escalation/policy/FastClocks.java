package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.agentix.incident.events.Severity;

/**
 * Fast clocks for demos and local runs ({@code streams.fastClocks: N}, {@code bin/incident-engine dev
 * --fast-clocks N}): the same policy with every duration divided by N, so a newcomer sees a P1 escalate
 * to the CTO after 15 seconds instead of 15 minutes at N=60.
 *
 * <p>Divided: response times, the communication timing (initial notice, update cadence, reminder lead,
 * resolution notice due time), post-mortem meeting deadlines, the correlation, verification and
 * recent-deploy windows. The business-day rules ("next business day" for P4, "5 business days" for the
 * write-up, the daily post-mortem reminders) keep the calendar: the span from the starting instant to the
 * calendar's answer is divided by N (see {@link BusinessHours#clockDivisor}). Not policy durations and so
 * unchanged: the engine's 7 days of remembered alert and command ids and the week of deploys kept.
 *
 * <p>Durations are divided in whole milliseconds (records carry millisecond timestamps), rounded down, and a
 * positive duration stays at least 1 ms. The policy version gets {@code /fastN} appended
 * ({@code 2026-03-27+403f16a3/fast60}), so every incident records that it ran on compressed time. N=1 returns
 * the policy unchanged.
 */
public final class FastClocks {

    /** An hour becomes a second: beyond that the policy's durations lose their proportions to rounding. */
    public static final int MAX_FACTOR = 3600;

    /** A clock fires at most this share of the shortest policy duration late under fast clocks. */
    private static final int CHECKS_PER_SHORTEST_DURATION = 10;

    private FastClocks() {
    }

    /**
     * The policy with every duration divided by {@code factor}.
     *
     * @throws IllegalArgumentException when factor is not within 1..{@link #MAX_FACTOR}, or the policy
     *     already runs on fast clocks
     */
    public static Policy apply(Policy policy, int factor) {
        checkFactor(factor);
        if (factor == 1) {
            return policy;
        }
        if (factorOf(policy) != 1) {
            throw new IllegalArgumentException("policy " + policy.version() + " already runs on fast clocks");
        }
        Map<Severity, SeverityPolicy> severities = new EnumMap<>(Severity.class);
        policy.severities().forEach((level, rule) -> severities.put(level, severity(rule, factor)));
        return new Policy(policy.version() + "/fast" + factor, policy.declaredVersion(), policy.source(), policy.timeZone(),
                policy.businessHours().withClockDivisor(factor),
                divide(policy.correlationWindow(), factor),
                divide(policy.verificationWindow(), factor),
                divide(policy.recentDeployWindow(), factor),
                policy.rollbackRunbook(), policy.customerSender(), severities, policy.components(), policy.people(),
                policy.roles(), policy.tenants(), policy.classification(), policy.templates(),
                policy.postmortemDirectory());
    }

    /** The factor a policy's durations were divided by: 1 for a policy as loaded. */
    public static int factorOf(Policy policy) {
        return policy.businessHours().clockDivisor();
    }

    /**
     * How often stored clocks are checked: {@code configured} for a policy on real time; under fast clocks at
     * most a tenth of the shortest positive policy duration (5 min reminder lead / 60 = 5 s: every 500 ms),
     * so a clock fires late by a small share of its own length. Never below 1 ms.
     */
    public static Duration clockCheckInterval(Policy policy, Duration configured) {
        if (factorOf(policy) == 1) {
            return configured;
        }
        Duration check = durations(policy).stream()
                .filter(d -> !d.isZero())
                .min(Duration::compareTo)
                .map(shortest -> shortest.dividedBy(CHECKS_PER_SHORTEST_DURATION))
                .filter(interval -> interval.compareTo(configured) < 0)
                .orElse(configured);
        return check.toMillis() < 1 ? Duration.ofMillis(1) : check;
    }

    /**
     * {@code duration} divided by {@code factor} in whole milliseconds, rounded down; a positive duration
     * stays at least 1 ms, so a deadline never collapses onto its start.
     */
    public static Duration divide(Duration duration, int factor) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot divide a negative duration: " + duration);
        }
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1, was " + factor);
        }
        if (factor == 1 || duration.isZero()) {
            return duration;
        }
        long millis = duration.toMillis() / factor;
        return Duration.ofMillis(Math.max(1, millis));
    }

    /**
     * @throws IllegalArgumentException naming the allowed range when factor is outside 1..{@link #MAX_FACTOR}
     */
    public static void checkFactor(int factor) {
        if (factor < 1 || factor > MAX_FACTOR) {
            throw new IllegalArgumentException("fastClocks must be a whole number from 1 (real time) to " + MAX_FACTOR
                    + ", was " + factor);
        }
    }

    /** Every fixed duration of the policy (business-day rules have none). */
    static List<Duration> durations(Policy policy) {
        List<Duration> all = new ArrayList<>(List.of(policy.correlationWindow(), policy.verificationWindow(),
                policy.recentDeployWindow()));
        for (SeverityPolicy rule : policy.severities().values()) {
            rule.responseTime().ifPresent(all::add);
            rule.communication().ifPresent(c -> all.addAll(List.of(c.initialNoticeWithin(), c.updateEvery(),
                    c.reminderBefore(), c.resolutionNoticeWithin())));
            rule.postmortem().meetingWithin().ifPresent(all::add);
        }
        return all;
    }

    private static SeverityPolicy severity(SeverityPolicy rule, int factor) {
        Optional<CommunicationPolicy> communication = rule.communication().map(c -> new CommunicationPolicy(
                divide(c.initialNoticeWithin(), factor), divide(c.updateEvery(), factor),
                divide(c.reminderBefore(), factor), c.resolutionNotice(), divide(c.resolutionNoticeWithin(), factor)));
        PostmortemPolicy postmortem = new PostmortemPolicy(rule.postmortem().required(),
                rule.postmortem().meetingWithin().map(d -> divide(d, factor)), rule.postmortem().writeupWithinBusinessDays());
        return new SeverityPolicy(rule.severity(), rule.name(), rule.responseTime().map(d -> divide(d, factor)),
                rule.firstResponder(), rule.alsoNotify(), rule.firstChannel(), rule.escalateTo(), rule.escalationTrigger(),
                communication, postmortem);
    }
}
