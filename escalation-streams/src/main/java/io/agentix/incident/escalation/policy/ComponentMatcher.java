package io.agentix.incident.escalation.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.agentix.incident.events.AlertEvent;

/**
 * Maps a source signal to a component: every field given must match (comparisons ignore case), fields
 * left out match anything. At least one field is given (the loader rejects an empty matcher, which
 * would claim every alert).
 *
 * @param source the alert's source (sentry, betterstack, railway, alertmanager, github, report)
 * @param service the alert's service (Sentry project slug, BetterStack monitor name, Railway service,
 *     Alertmanager {@code service}/{@code job} label)
 * @param project the alert's project (Sentry project slug, Railway project)
 * @param environment the alert's environment
 * @param labelKey with {@code labelValue}: a label the alert must carry ({@code label: "job=redis"})
 * @param labelValue the value of {@code labelKey}
 * @param titleContains a text the title must contain
 * @param dedupKeyPrefix a prefix of the alert's dedup key
 */
public record ComponentMatcher(
        Optional<String> source,
        Optional<String> service,
        Optional<String> project,
        Optional<String> environment,
        Optional<String> labelKey,
        Optional<String> labelValue,
        Optional<String> titleContains,
        Optional<String> dedupKeyPrefix) {

    public ComponentMatcher {
        if (labelKey.isPresent() != labelValue.isPresent()) {
            throw new IllegalArgumentException("labelKey and labelValue go together");
        }
        if (source.isEmpty() && service.isEmpty() && project.isEmpty() && environment.isEmpty()
                && labelKey.isEmpty() && titleContains.isEmpty() && dedupKeyPrefix.isEmpty()) {
            throw new IllegalArgumentException("a matcher needs at least one field");
        }
    }

    /** True when every given field matches the alert. */
    public boolean matches(AlertEvent alert) {
        return equal(source, alert.getSource())
                && equal(service, alert.getService())
                && equal(project, alert.getProject())
                && equal(environment, alert.getEnvironment())
                && labelMatches(alert.getLabels())
                && titleContains.map(t -> contains(alert.getTitle(), t)).orElse(true)
                && dedupKeyPrefix.map(p -> alert.getDedupKey() != null
                        && lower(alert.getDedupKey()).startsWith(lower(p))).orElse(true);
    }

    private boolean labelMatches(Map<String, String> labels) {
        if (labelKey.isEmpty()) {
            return true;
        }
        String value = labels == null ? null : labels.get(labelKey.get());
        return value != null && value.equalsIgnoreCase(labelValue.get());
    }

    private static boolean equal(Optional<String> expected, CharSequence actual) {
        return expected.map(e -> actual != null && e.equalsIgnoreCase(actual.toString())).orElse(true);
    }

    private static boolean contains(CharSequence text, String part) {
        return text != null && lower(text.toString()).contains(lower(part));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
