package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Customer communication timing of one severity (runbook section 5, "Communication Timing"); only P1
 * and P2 have one.
 *
 * @param initialNoticeWithin the initial notice (template 1) is due this long after detection at the
 *     latest (sent earlier when the incident is acknowledged)
 * @param updateEvery status updates (template 2) and internal tracking reminders follow at this cadence
 * @param reminderBefore the owner is reminded this long before each status update goes out
 * @param resolutionNotice whether a resolution notice (template 3) is sent on resolve
 * @param resolutionNoticeWithin the runbook's deadline for the resolution notice after resolution
 *     (P1 immediately = zero, P2 within 1 hour); the engine sends it on resolve, this is its due time
 */
public record CommunicationPolicy(
        Duration initialNoticeWithin,
        Duration updateEvery,
        Duration reminderBefore,
        boolean resolutionNotice,
        Duration resolutionNoticeWithin) {

    public CommunicationPolicy {
        Objects.requireNonNull(initialNoticeWithin, "initialNoticeWithin");
        Objects.requireNonNull(updateEvery, "updateEvery");
        Objects.requireNonNull(reminderBefore, "reminderBefore");
        Objects.requireNonNull(resolutionNoticeWithin, "resolutionNoticeWithin");
    }
}
