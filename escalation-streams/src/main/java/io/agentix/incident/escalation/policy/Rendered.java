package io.agentix.incident.escalation.policy;

import java.util.Objects;

/** A template rendered for one notification: the email subject (or page headline) and plain-text body. */
public record Rendered(String subject, String body) {

    public Rendered {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }
}
