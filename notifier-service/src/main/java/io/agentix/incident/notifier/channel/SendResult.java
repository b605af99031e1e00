package io.agentix.incident.notifier.channel;

import java.util.List;

/**
 * What a channel reports after the provider accepted a delivery.
 *
 * @param providerId the provider's id for it (SMTP Message-ID, PagerDuty dedup key, an HTTP response id),
 *                   null when the provider gives none
 * @param deliveredTo the addresses or targets actually delivered to
 */
public record SendResult(String providerId, List<String> deliveredTo) {

    public SendResult {
        deliveredTo = List.copyOf(deliveredTo);
    }
}
