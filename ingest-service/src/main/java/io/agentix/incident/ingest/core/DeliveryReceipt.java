package io.agentix.incident.ingest.core;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import io.agentix.incident.events.RawWebhook;
import io.agentix.incident.events.RejectedWebhook;
import io.agentix.incident.events.WebhookDisposition;

/**
 * The facts of one request, whatever becomes of it, and the records that keep it: a
 * {@link RawWebhook} when it is accepted, a {@link RejectedWebhook} when it is answered 4xx.
 *
 * @param rawId the id given to the delivery
 * @param source the endpoint's source
 * @param path the endpoint's path with any URL token replaced by {@code ***}
 * @param headers the {@link StoredHeaders stored} headers
 * @param contentType the Content-Type as sent, or null
 * @param remoteAddress the client address, or null
 * @param receivedAt when the request arrived
 */
public record DeliveryReceipt(String rawId, Source source, String path, Map<String, String> headers,
                              String contentType, String remoteAddress, Instant receivedAt) {

    public DeliveryReceipt {
        Objects.requireNonNull(rawId, "rawId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The delivery normalizers see. */
    public WebhookDelivery delivery(String account, byte[] body) {
        return new WebhookDelivery(rawId, source, account, headers, body, receivedAt);
    }

    /** The audit copy of an accepted delivery, with what normalization made of it. */
    public RawWebhook accepted(String account, String verifiedBy, byte[] body, Normalized normalized) {
        return RawWebhook.newBuilder()
                .setRawId(rawId)
                .setSource(source.id())
                .setSourceAccount(account)
                .setReceivedAt(receivedAt)
                .setPath(path)
                .setHeaders(headers)
                .setContentType(contentType)
                .setBody(ByteBuffer.wrap(body))
                .setBodySha256(EventIds.sha256Hex(body))
                .setVerifiedBy(verifiedBy)
                .setEventType(normalized.eventType())
                .setDisposition(normalized.isIgnored() ? WebhookDisposition.IGNORED : WebhookDisposition.NORMALIZED)
                .setNote(normalized.ignoredReason())
                .setRemoteAddress(remoteAddress)
                .build();
    }

    /**
     * The record of a delivery answered 4xx.
     *
     * @param account the account when authentication succeeded, else null
     * @param body what was read of the body
     * @param keptBytes at most this much of {@code body} is kept; a cut body is marked truncated
     * @param bodySize the body's size as received (at least {@code body.length})
     * @param errorPath the JSON path of the problem, or null
     */
    public RejectedWebhook rejected(String account, byte[] body, int keptBytes, long bodySize, int httpStatus,
                                    String reason, String errorPath) {
        byte[] kept = body.length <= keptBytes ? body : Arrays.copyOf(body, keptBytes);
        return RejectedWebhook.newBuilder()
                .setRawId(rawId)
                .setSource(source.id())
                .setSourceAccount(account)
                .setReceivedAt(receivedAt)
                .setPath(path)
                .setHeaders(headers)
                .setContentType(contentType)
                .setBody(ByteBuffer.wrap(kept))
                .setBodySize(bodySize)
                .setBodyTruncated(kept.length < bodySize)
                .setHttpStatus(httpStatus)
                .setReason(reason)
                .setErrorPath(errorPath)
                .setRemoteAddress(remoteAddress)
                .build();
    }
}
