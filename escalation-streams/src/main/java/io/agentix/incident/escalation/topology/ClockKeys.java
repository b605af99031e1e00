package io.agentix.incident.escalation.topology;

import java.time.Instant;
import java.util.Objects;

import io.agentix.incident.escalation.core.ClockType;
import io.agentix.incident.escalation.core.PendingClock;
import io.agentix.incident.escalation.core.ZeroPadded;

/**
 * Keys of the clock store ({@link IndexKeys#CLOCKS} in {@link StoreNames#INDEX}):
 * {@code String.format("%013d|%s|%s", deadlineEpochMillis, incidentId, clockName)}, where the clock
 * name is {@link ClockType#clockName()} (e.g. {@code response-window}). Thirteen zero-padded digits
 * cover every deadline up to the year 2286, so the store's key order is deadline order (then
 * incident, then clock), which is the order clocks fire in. The value is the clock's generation.
 */
public final class ClockKeys {

    private ClockKeys() {
    }

    /** The key of {@code clock}. */
    public static String key(PendingClock clock) {
        Objects.requireNonNull(clock, "clock");
        return key(clock.deadline(), clock.incidentId(), clock.type());
    }

    /** The key of the clock {@code type} of {@code incidentId} due at {@code deadline}. */
    public static String key(Instant deadline, String incidentId, ClockType type) {
        long millis = deadline.toEpochMilli();
        if (millis < 0 || millis > 9_999_999_999_999L) {
            throw new IllegalArgumentException("clock deadline " + deadline + " of incident " + incidentId
                    + " is outside 1970..2286, which the clock key's 13 digits cover");
        }
        if (incidentId.indexOf('|') >= 0) {
            throw new IllegalArgumentException("incident id '" + incidentId + "' contains '|', the clock key separator");
        }
        return ZeroPadded.epochMillis(millis) + "|" + incidentId + "|" + type.clockName();
    }

    /** The deadline encoded in a clock key. */
    public static Instant deadlineOf(String key) {
        return Instant.ofEpochMilli(Long.parseLong(field(key, 0)));
    }

    /** The incident id encoded in a clock key. */
    public static String incidentOf(String key) {
        return field(key, 1);
    }

    /** The clock type encoded in a clock key. */
    public static ClockType typeOf(String key) {
        return ClockType.ofClockName(field(key, 2));
    }

    /** The clock stored under {@code key} with {@code generation} as its value. */
    public static PendingClock clock(String key, int generation) {
        return new PendingClock(incidentOf(key), typeOf(key), deadlineOf(key), generation);
    }

    /**
     * The key of a clock in the per-incident index ({@link IndexKeys#INCIDENT_CLOCKS}): the incident
     * first, so one prefix scan finds its clocks, in deadline order.
     */
    static String indexKey(String clockKey) {
        return incidentPrefix(incidentOf(clockKey)) + clockKey;
    }

    /** The clock key inside an index key. */
    static String clockKeyOfIndexKey(String indexKey) {
        return indexKey.substring(indexKey.indexOf('|') + 1);
    }

    /** The prefix of one incident's entries in {@link IndexKeys#INCIDENT_CLOCKS}. */
    static String incidentPrefix(String incidentId) {
        return incidentId + "|";
    }

    /** The smallest key whose deadline is after {@code instant}: every key below it is due at {@code instant}. */
    static String firstKeyAfter(Instant instant) {
        return ZeroPadded.epochMillis(instant.toEpochMilli() + 1);
    }

    private static String field(String key, int index) {
        Objects.requireNonNull(key, "key");
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3 || parts[0].length() != ZeroPadded.EPOCH_MILLIS_DIGITS) {
            throw new IllegalArgumentException("'" + key + "' is not a clock key (%013d|incidentId|clockName)");
        }
        return parts[index];
    }
}
