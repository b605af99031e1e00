package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.notifier.channel.Delivery;

/**
 * The one page that stands for the pages a route's rate limit folded in one window: id
 * {@code digest:<route>:<windowStartEpochMillis>}, subject "N more pages in the last minute", body one line
 * per folded page (severity, incident, subject), the highest severity of them, every recipient they
 * addressed. It is a notification the notifier synthesizes, so it is delivered (and receipted) like any
 * other page, to the same route.
 */
public final class DigestPage {

    private DigestPage() {
    }

    /** The digest's notification id. */
    public static String id(String route, Instant windowStart) {
        return "digest:" + route + ":" + windowStart.toEpochMilli();
    }

    /** The digest delivery of {@code folded} (pages to {@code route} in the window from {@code windowStart}). */
    public static Delivery of(String route, Instant windowStart, Duration window, List<Delivery> folded) {
        Objects.requireNonNull(route, "route");
        if (folded.isEmpty()) {
            throw new IllegalArgumentException("a digest of route " + route + " needs at least one folded page");
        }
        String id = id(route, windowStart);
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        for (Delivery page : folded) {
            page.recipients().forEach(recipient -> recipients.putIfAbsent(recipient.getId(), recipient));
            Notification notification = page.notification();
            body.append(notification.getSeverity()).append(' ').append(notification.getIncidentId()).append(": ")
                    .append(notification.getSubject()).append('\n');
        }
        Notification first = folded.get(0).notification();
        Severity highest = folded.stream().map(page -> page.notification().getSeverity())
                .min(Comparator.naturalOrder()).orElseThrow();
        Notification digest = Notification.newBuilder()
                .setNotificationId(id)
                // The digest is about several incidents; its own id keeps a dedup key (PagerDuty) distinct.
                .setIncidentId(id)
                .setKind(NotificationKind.OTHER)
                .setChannel(Channel.PAGE)
                .setAudience(Audience.TEAM)
                .setRecipientRole(first.getRecipientRole())
                .setRecipients(new ArrayList<>(recipients.values()))
                .setSeverity(highest)
                .setSubject(subject(folded.size(), window))
                .setBody(body.toString())
                .setPageAction(PageAction.TRIGGER)
                .setCreatedAt(windowStart.plus(window))
                .setPolicyVersion(first.getPolicyVersion())
                .build();
        return new Delivery(id + "@" + route, digest, route, List.copyOf(recipients.values()));
    }

    /** "3 more pages in the last minute". */
    static String subject(int pages, Duration window) {
        return pages + (pages == 1 ? " more page" : " more pages") + " in the last " + describe(window);
    }

    private static String describe(Duration window) {
        if (window.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (window.equals(Duration.ofHours(1))) {
            return "hour";
        }
        if (window.toMillis() % 60_000 == 0) {
            return window.toMinutes() + " minutes";
        }
        if (window.toMillis() % 1000 == 0) {
            return window.toSeconds() + " seconds";
        }
        return window.toMillis() + " ms";
    }
}
