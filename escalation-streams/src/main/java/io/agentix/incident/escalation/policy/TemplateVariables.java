package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.agentix.incident.events.NotificationKind;

/**
 * The one list of template names and of the variables each template gets: the engine fills exactly
 * these names, the loader rejects a template that uses any other, and the shipped default documents
 * them above each template. Values are strings, except the lists noted below (a list of strings, or of
 * maps with the item fields given in {@link #ITEM_FIELDS}); a variable the engine has no value for is
 * passed as an empty string or empty list, so {@code {{#rootCause}}...{{/rootCause}}} and
 * {@code {{^tried}}nothing yet{{/tried}}} work.
 */
public final class TemplateVariables {

    // ---- template names (keys under templates: in the policy) ----
    /** Customer template 1 (runbook section 5): initial notification. */
    public static final String INITIAL_NOTICE = "initialNotice";
    /** Customer template 2: status update. */
    public static final String STATUS_UPDATE = "statusUpdate";
    /** Customer template 3: resolution notification. */
    public static final String RESOLUTION_NOTICE = "resolutionNotice";
    /** Page or email to the first responder when an incident opens. */
    public static final String INCIDENT_OPENED = "incidentOpened";
    /** P1: page to everyone at once. */
    public static final String ALL_HANDS = "allHands";
    /** Page to the role escalated to, with the runbook's escalation summary. */
    public static final String ESCALATED = "escalated";
    /** The severity of an open incident changed. */
    public static final String SEVERITY_CHANGED = "severityChanged";
    /** Reminder to the owner before a customer status update goes out. */
    public static final String UPDATE_REMINDER = "updateReminder";
    /** Reminder to the owner to update the tracking thread (every 30 min P1, every hour P2). */
    public static final String TRACKING_REMINDER = "trackingReminder";
    /** Post-mortem scheduled on resolve (P1/P2). */
    public static final String POSTMORTEM_SCHEDULED = "postmortemScheduled";
    /** The post-mortem write-up is overdue. */
    public static final String POSTMORTEM_REMINDER = "postmortemReminder";
    /** Optional: an incident was acknowledged. */
    public static final String INCIDENT_ACKNOWLEDGED = "incidentAcknowledged";
    /** Optional: an incident was resolved (team side; customers get {@link #RESOLUTION_NOTICE}). */
    public static final String INCIDENT_RESOLVED = "incidentResolved";

    /** Templates every policy must define. */
    public static final Set<String> REQUIRED_TEMPLATES = Set.of(INITIAL_NOTICE, STATUS_UPDATE, RESOLUTION_NOTICE,
            INCIDENT_OPENED, ALL_HANDS, ESCALATED, SEVERITY_CHANGED, UPDATE_REMINDER, TRACKING_REMINDER,
            POSTMORTEM_SCHEDULED, POSTMORTEM_REMINDER);
    /** Templates a policy may define. */
    public static final Set<String> OPTIONAL_TEMPLATES = Set.of(INCIDENT_ACKNOWLEDGED, INCIDENT_RESOLVED);
    /** The customer-facing templates (runbook section 5); everything else is internal. */
    public static final Set<String> CUSTOMER_TEMPLATES = Set.of(INITIAL_NOTICE, STATUS_UPDATE, RESOLUTION_NOTICE);

    // ---- variables every template gets ----
    /** e.g. INC-20261129-0001. */
    public static final String INCIDENT_ID = "incidentId";
    /** The incident title (first alert's title). */
    public static final String TITLE = "title";
    /** The first alert's description, or empty. */
    public static final String DESCRIPTION = "description";
    /** P1..P4. */
    public static final String SEVERITY = "severity";
    /** Critical, Major, Minor, Low (the severity's name in the policy). */
    public static final String SEVERITY_NAME = "severityName";
    /** OPEN, ACKNOWLEDGED, MITIGATED, RESOLVED, CLOSED, DISMISSED. */
    public static final String STATUS = "status";
    /** Detection time, formatted with {@link #time}. */
    public static final String DETECTED_AT = "detectedAt";
    /** Affected tenants for people: "Acme GmbH, Globex" or "all tenants" or "unknown". */
    public static final String TENANTS = "tenants";
    /** Affected components: "inbox (core), api" or "unknown". */
    public static final String COMPONENTS = "components";
    /** The policy's customerSender (support address); filled by {@link Template#render} itself. */
    public static final String CUSTOMER_SENDER = "customerSender";
    /** Policy version the incident runs under; filled by {@link Template#render} itself. */
    public static final String POLICY_VERSION = "policyVersion";

    // ---- internal templates (every internal template gets these) ----
    /** Role addressed by this notification (on-call, everyone, cto ...). */
    public static final String ROLE = "role";
    /** Display name of the on-call engineer. */
    public static final String ON_CALL = "onCall";
    /** Display name of the incident's owner (assignee, else component owner, else on-call). */
    public static final String OWNER = "owner";
    /** When the response is due ({@link #time}). */
    public static final String RESPONSE_DEADLINE = "responseDeadline";
    /** The severity's response time for people: "15 minutes", "1 hour", "next business day". */
    public static final String RESPONSE_TIME = "responseTime";
    /** Current escalation level, 0 = first responder. */
    public static final String ESCALATION_LEVEL = "escalationLevel";
    /** List of maps {label, url}: source issue pages, component runbook, rollback runbook. */
    public static final String LINKS = "links";
    /** List of maps {service, commitSha, author, deployedAt, rollbackRunbook}: deploys shortly before detection. */
    public static final String RECENT_DEPLOYS = "recentDeploys";
    /** List of strings: why the incident has its severity. */
    public static final String SEVERITY_REASONS = "severityReasons";
    /** Number of distinct alerts of the incident. */
    public static final String ALERT_COUNT = "alertCount";

    // ---- escalated ----
    /** Why it escalated, for people: "not mitigated within 15 minutes", "blocked: waiting for ...". */
    public static final String ESCALATION_REASON = "escalationReason";
    /** The runbook's "impact scope": tenants and components affected, for people. */
    public static final String IMPACT_SCOPE = "impactScope";
    /** List of strings: what has been tried (commands and updates so far, oldest first). */
    public static final String TRIED = "tried";
    /** The current hypothesis: the latest update text, or empty. */
    public static final String HYPOTHESIS = "hypothesis";

    // ---- severityChanged ----
    public static final String PREVIOUS_SEVERITY = "previousSeverity";
    public static final String SEVERITY_CHANGE_REASON = "severityChangeReason";

    // ---- reminders ----
    /** When the next customer status update goes out ({@link #time}). */
    public static final String NEXT_UPDATE_DUE = "nextUpdateDue";
    /** The update cadence for people: "30 minutes", "1 hour". */
    public static final String UPDATE_EVERY = "updateEvery";
    /** The latest update text, or empty. */
    public static final String LAST_UPDATE = "lastUpdate";

    // ---- post-mortem ----
    public static final String MEETING_DUE = "meetingDue";
    public static final String WRITEUP_DUE = "writeupDue";
    /** e.g. docs/runbooks/post-mortems/2026-03-15-inbox-not-loading.md. */
    public static final String POSTMORTEM_PATH = "postmortemPath";

    // ---- acknowledged ----
    public static final String ACKNOWLEDGED_BY = "acknowledgedBy";

    // ---- customer templates (runbook section 5 placeholders) ----
    /** Template 1 "[issue description]" and template 2 "[issue]". */
    public static final String ISSUE_DESCRIPTION = "issueDescription";
    /** "[scope — e.g., message delivery, workflow execution, inbox access]". */
    public static final String SCOPE = "scope";
    /** "[timeframe — e.g., 30 minutes, 1 hour]": the update cadence, see {@link #duration}. */
    public static final String TIMEFRAME = "timeframe";
    /** Template 2 "Current status". */
    public static final String CURRENT_STATUS = "currentStatus";
    /** Template 2 "What we’ve done". */
    public static final String WHAT_WE_HAVE_DONE = "whatWeHaveDone";
    /** Template 3 "[time, e.g., 2026-03-15 14:30 UTC]", see {@link #time}; also used internally. */
    public static final String RESOLVED_AT = "resolvedAt";
    /** Template 3 "Root cause" (from the resolve command). */
    public static final String ROOT_CAUSE = "rootCause";
    /** Template 3 "Impact". */
    public static final String IMPACT = "impact";
    /** Template 3 "What we’re doing to prevent this". */
    public static final String PREVENTION = "prevention";
    /** Template 3 "[N] business days": the post-mortem write-up deadline. */
    public static final String POSTMORTEM_BUSINESS_DAYS = "postmortemBusinessDays";
    /** Name of the tenant a customer notice goes to (customer notices are sent per tenant). */
    public static final String TENANT_NAME = "tenantName";

    /** Fields of the items of list variables. */
    public static final Map<String, Set<String>> ITEM_FIELDS = Map.of(
            LINKS, Set.of("label", "url"),
            RECENT_DEPLOYS, Set.of("service", "commitSha", "author", "deployedAt", "rollbackRunbook"),
            SEVERITY_REASONS, Set.of(),
            TRIED, Set.of());

    private static final List<String> COMMON = List.of(INCIDENT_ID, TITLE, DESCRIPTION, SEVERITY, SEVERITY_NAME, STATUS,
            DETECTED_AT, TENANTS, COMPONENTS, CUSTOMER_SENDER, POLICY_VERSION);
    private static final List<String> INTERNAL = List.of(ROLE, ON_CALL, OWNER, RESPONSE_DEADLINE, RESPONSE_TIME,
            ESCALATION_LEVEL, LINKS, RECENT_DEPLOYS, SEVERITY_REASONS, ALERT_COUNT);

    private static final Map<String, Set<String>> BY_TEMPLATE = byTemplate();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

    /**
     * The formatter's "zzz" text of a zone in standard or in daylight time: it depends on nothing else,
     * and looking it up took most of the formatting of every time a page shows.
     */
    private static final Map<ZoneName, String> ZONE_NAMES = new ConcurrentHashMap<>();

    private record ZoneName(ZoneId zone, boolean daylight) {
    }

    private TemplateVariables() {
    }

    /** Every template name a policy may define, required ones first. */
    public static Set<String> templateNames() {
        return BY_TEMPLATE.keySet();
    }

    /**
     * The variables one template gets (common ones included).
     *
     * @throws IllegalArgumentException for a name that is not a template
     */
    public static Set<String> of(String template) {
        Set<String> names = BY_TEMPLATE.get(template);
        if (names == null) {
            throw new IllegalArgumentException("unknown template '" + template + "'; templates are " + BY_TEMPLATE.keySet());
        }
        return names;
    }

    /** The template that renders a notification kind; empty for {@code OTHER}. */
    public static Optional<String> templateFor(NotificationKind kind) {
        return Optional.ofNullable(switch (kind) {
            case INCIDENT_OPENED -> INCIDENT_OPENED;
            case ALL_HANDS -> ALL_HANDS;
            case ESCALATED -> ESCALATED;
            case SEVERITY_CHANGED -> SEVERITY_CHANGED;
            case INITIAL_NOTICE -> INITIAL_NOTICE;
            case STATUS_UPDATE -> STATUS_UPDATE;
            case RESOLUTION_NOTICE -> RESOLUTION_NOTICE;
            case UPDATE_REMINDER -> UPDATE_REMINDER;
            case TRACKING_REMINDER -> TRACKING_REMINDER;
            case POSTMORTEM_SCHEDULED -> POSTMORTEM_SCHEDULED;
            case POSTMORTEM_REMINDER -> POSTMORTEM_REMINDER;
            case INCIDENT_ACKNOWLEDGED -> INCIDENT_ACKNOWLEDGED;
            case INCIDENT_RESOLVED -> INCIDENT_RESOLVED;
            case OTHER -> null;
        });
    }

    /** A time as the runbook writes it: {@code 2026-03-15 14:30 UTC}, in the given zone. */
    public static String time(Instant instant, ZoneId zone) {
        ZonedDateTime at = instant.atZone(zone);
        int year = at.getYear();
        if (year < 1000 || year > 9999) {
            return TIME.format(at); // the formatter's own rules for the sign and width of such years
        }
        StringBuilder text = new StringBuilder(24).append(year).append('-');
        twoDigits(text, at.getMonthValue()).append('-');
        twoDigits(text, at.getDayOfMonth()).append(' ');
        twoDigits(text, at.getHour()).append(':');
        twoDigits(text, at.getMinute()).append(' ');
        boolean daylight = !(zone instanceof ZoneOffset) && zone.getRules().isDaylightSavings(instant);
        return text.append(ZONE_NAMES.computeIfAbsent(new ZoneName(zone, daylight), key -> ZONE_NAME.format(at)))
                .toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /**
     * A duration as the runbook writes it: "30 minutes", "1 hour", "4 hours", "1 hour 30 minutes",
     * "48 hours", "0 minutes".
     */
    public static String duration(Duration duration) {
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        long seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append(hours == 1 ? " hour" : " hours");
        }
        if (minutes > 0 || (hours == 0 && seconds == 0)) {
            text.append(text.length() > 0 ? " " : "").append(minutes).append(minutes == 1 ? " minute" : " minutes");
        }
        if (seconds > 0) {
            text.append(text.length() > 0 ? " " : "").append(seconds).append(seconds == 1 ? " second" : " seconds");
        }
        return text.toString();
    }

    private static Map<String, Set<String>> byTemplate() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        map.put(INITIAL_NOTICE, customer(ISSUE_DESCRIPTION, SCOPE, TIMEFRAME));
        map.put(STATUS_UPDATE, customer(ISSUE_DESCRIPTION, CURRENT_STATUS, WHAT_WE_HAVE_DONE, TIMEFRAME));
        map.put(RESOLUTION_NOTICE, customer(SCOPE, RESOLVED_AT, ROOT_CAUSE, IMPACT, PREVENTION, POSTMORTEM_BUSINESS_DAYS));
        map.put(INCIDENT_OPENED, internal());
        map.put(ALL_HANDS, internal());
        map.put(ESCALATED, internal(ESCALATION_REASON, IMPACT_SCOPE, TRIED, HYPOTHESIS));
        map.put(SEVERITY_CHANGED, internal(PREVIOUS_SEVERITY, SEVERITY_CHANGE_REASON));
        map.put(UPDATE_REMINDER, internal(NEXT_UPDATE_DUE, UPDATE_EVERY, LAST_UPDATE));
        map.put(TRACKING_REMINDER, internal(UPDATE_EVERY, LAST_UPDATE));
        map.put(POSTMORTEM_SCHEDULED, internal(RESOLVED_AT, ROOT_CAUSE, IMPACT, PREVENTION, MEETING_DUE, WRITEUP_DUE,
                POSTMORTEM_PATH, POSTMORTEM_BUSINESS_DAYS));
        map.put(POSTMORTEM_REMINDER, internal(WRITEUP_DUE, POSTMORTEM_PATH));
        map.put(INCIDENT_ACKNOWLEDGED, internal(ACKNOWLEDGED_BY));
        map.put(INCIDENT_RESOLVED, internal(RESOLVED_AT, ROOT_CAUSE, IMPACT, PREVENTION));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Set<String> customer(String... specific) {
        Set<String> names = new LinkedHashSet<>(COMMON);
        names.add(TENANT_NAME);
        names.addAll(List.of(specific));
        return java.util.Collections.unmodifiableSet(names);
    }

    private static Set<String> internal(String... specific) {
        Set<String> names = new LinkedHashSet<>(COMMON);
        names.addAll(INTERNAL);
        names.addAll(List.of(specific));
        return java.util.Collections.unmodifiableSet(names);
    }
}
