package io.agentix.incident.escalation.core;

import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.NotificationKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The engine's deterministic ids: the same input history gives the same ids, so a replay (or a retry
 * after a crash before commit) produces records the notifier and the channels recognise.
 */
public final class Ids {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Ids() {
    }

    /** {@code INC-<yyyyMMdd of detection, UTC>-<4-digit sequence>}, e.g. {@code INC-20261129-0001}. */
    public static String incidentId(Instant detectedAt, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("incident sequence starts at 1, got " + sequence);
        }
        return "INC-" + DAY.format(detectedAt) + "-" + ZeroPadded.of(sequence, 4);
    }

    /**
     * {@code <incidentId>:<kind>:<n>} where n is the timeline sequence of the NOTIFIED entry that records
     * it: unique within the incident, stable under replay.
     */
    public static String notificationId(String incidentId, NotificationKind kind, long timelineSequence) {
        return incidentId + ":" + kind + ":" + timelineSequence;
    }

    /** {@code <incidentId>:<reason>:<level>}: an incident reaches each escalation level once. */
    public static String escalationId(String incidentId, EscalationReason reason, int level) {
        return incidentId + ":" + reason + ":" + level;
    }

    /** The id under which an applied command is remembered in the dedup store (alert event ids never start so). */
    public static String commandDedupId(String commandId) {
        return "command:" + commandId;
    }
}
