package io.agentix.incident.escalation.core;

/**
 * The durable clocks of an incident (runbook sections 3 to 6). Each pending clock is stored by the
 * processor with its deadline and fired once when the deadline has passed; what a firing means, and
 * whether it still applies, is decided by {@link IncidentEngine#onClock}.
 *
 * <p>The {@link PendingClock#generation() generation} says which occurrence a clock is: for the
 * cadence clocks the n-th update after their start, for the response window the escalation level it
 * escalates from. A stale clock (its incident moved on) is recognised by its deadline and generation
 * and ignored.
 */
public enum ClockType {
    /**
     * End of the first responder's window: P1/P2 not mitigated in time, P3 no progress in time. Escalates
     * to the severity's escalate-to role. Generation: the escalation level it escalates from.
     */
    RESPONSE_WINDOW("response-window"),
    /** Latest time for the customer initial notice (template 1), P1/P2. Generation 1. */
    INITIAL_NOTICE("initial-notice"),
    /** Reminder to the owner before the n-th customer status update. Generation n. */
    UPDATE_REMINDER("update-reminder"),
    /** The n-th customer status update (template 2) after the initial notice. Generation n. */
    STATUS_UPDATE("status-update"),
    /** The n-th internal tracking reminder to the owner, counted from detection. Generation n. */
    TRACKING_REMINDER("tracking-reminder"),
    /** End of the verification window after resolution: the incident closes. Generation 1. */
    VERIFICATION("verification"),
    /**
     * The post-mortem write-up is due and not marked done: remind the owner at the deadline (generation 1)
     * and at the start of every business day after it (generation n: the n-th reminder) until it is done.
     */
    POSTMORTEM_WRITEUP("postmortem-writeup");

    private final String clockName;

    ClockType(String clockName) {
        this.clockName = clockName;
    }

    /** Stable lower-case name, used in clock store keys and timeline details. */
    public String clockName() {
        return clockName;
    }

    /**
     * The clock type of a stored clock name.
     *
     * @throws IllegalArgumentException for a name no clock type has
     */
    public static ClockType ofClockName(String clockName) {
        for (ClockType type : values()) {
            if (type.clockName.equals(clockName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown clock name '" + clockName + "'");
    }
}
