package io.agentix.incident.ingest.resources;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.events.RawWebhook;
import io.agentix.incident.ingest.api.AcceptedDelivery;
import io.agentix.incident.ingest.api.RejectedDelivery;
import io.agentix.incident.ingest.auth.Authenticated;
import io.agentix.incident.ingest.auth.DeliveryCredentials;
import io.agentix.incident.ingest.auth.UnauthorizedDeliveryException;
import io.agentix.incident.ingest.core.DeliveryReceipt;
import io.agentix.incident.ingest.core.JsonContentType;
import io.agentix.incident.ingest.core.MalformedWebhookException;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.ingest.core.RawIds;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.StoredHeaders;
import io.agentix.incident.ingest.core.WebhookNormalizer;
import io.agentix.incident.ingest.kafka.DeliveryPublisher;
import io.agentix.incident.ingest.resources.IngestMetrics.Outcome;
import io.agentix.incident.registry.SchemaRegistryException;
import io.agentix.incident.service.api.ErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;

/**
 * What happens to every delivery, whichever endpoint it came to: authenticate, read the body once
 * within the limit, check it is JSON, normalize, publish, and answer once the broker has it.
 *
 * <table>
 *   <caption>answers</caption>
 *   <tr><td>202</td><td>accepted or ignored: webhooks.raw (and alerts, deployments) acknowledged</td></tr>
 *   <tr><td>400, 413, 415</td><td>malformed, too large, not JSON: webhooks.rejected acknowledged</td></tr>
 *   <tr><td>401</td><td>sender not proven: nothing published, nothing read beyond what the proof needs</td></tr>
 *   <tr><td>503 + Retry-After</td><td>Kafka did not acknowledge in time or failed the send</td></tr>
 * </table>
 *
 * <p>Reading, verifying and normalizing run on the request thread. Once the acknowledgements are
 * in, a 202 is made on the producer's I/O thread (counting and building the entity, nothing else);
 * rejections and failures, which log, on the response executor. The caller writes the answer on a
 * thread of its own, never on the producer's I/O thread (a slow client must not hold up every other
 * send), and no thread ever waits on a send.
 *
 * <p>Order of checks: a token is checked before the body is read, an HMAC right after it (it
 * covers the body), so a 413 from an HMAC endpoint is the only rejection kept without a proven
 * sender; its record is cut to the configured prefix.
 */
public final class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    /**
     * @param maxBodyBytes larger bodies are answered 413
     * @param rejectedBodyBytes how much of a 413 or 415 body is kept
     * @param retryAfterSeconds the Retry-After of a 503
     */
    public record Limits(int maxBodyBytes, int rejectedBodyBytes, int retryAfterSeconds) {

        public Limits {
            if (maxBodyBytes < 1 || rejectedBodyBytes < 0 || retryAfterSeconds < 1) {
                throw new IllegalArgumentException("invalid limits: " + maxBodyBytes + " body bytes, "
                        + rejectedBodyBytes + " kept rejected bytes, Retry-After " + retryAfterSeconds + " s");
            }
        }
    }

    private final Map<Source, WebhookNormalizer> normalizers;
    private final DeliveryPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Executor responses;
    private final Limits limits;

    public WebhookIntake(Map<Source, WebhookNormalizer> normalizers, DeliveryPublisher publisher,
                         IngestMetrics metrics, Clock clock, Executor responses, Limits limits) {
        this.normalizers = new EnumMap<>(Source.class);
        Objects.requireNonNull(normalizers, "normalizers").forEach((source, normalizer) -> {
            if (normalizer.source() != source) {
                throw new IllegalArgumentException("the normalizer registered for " + source + " is "
                        + normalizer.getClass().getName() + ", which normalizes " + normalizer.source());
            }
            this.normalizers.put(source, normalizer);
        });
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Takes one delivery to its answer.
     *
     * @param urlToken the token from the URL path, or null on endpoints without one
     * @throws RuntimeException a bug, or a {@link BadRequestException} when the body cannot be read: the
     *     caller answers it as the service's exception mapper does
     */
    public CompletionStage<WebhookAnswer> receive(WebhookEndpoint endpoint, String urlToken, HttpServletRequest request) {
        long start = System.nanoTime();
        Instant receivedAt = clock.instant();
        Source source = endpoint.source();
        Map<String, String> stored = StoredHeaders.newMap();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                StoredHeaders.put(stored, name, values.nextElement());
            }
        }
        UnaryOperator<String> headers = name -> header(request, name);
        DeliveryReceipt receipt = new DeliveryReceipt(RawIds.next(receivedAt), source, endpoint.path(), stored,
                headers.apply("Content-Type"), request.getRemoteAddr(), receivedAt);

        Authenticated sender = null;
        if (!endpoint.authenticator().coversBody()) {
            try {
                sender = endpoint.authenticator().authenticate(new DeliveryCredentials(urlToken, headers, null));
            } catch (UnauthorizedDeliveryException e) {
                return unauthorized(receipt, e, false, start);
            }
        }
        BoundedBody read = readBody(request, request.getContentLengthLong());
        String account = sender == null ? null : sender.account();
        if (read.tooLarge()) {
            // Without a Content-Length the reading stopped one byte past the limit: the size is a lower bound.
            String size = request.getContentLengthLong() >= 0 ? read.size() + " bytes"
                    : "more than " + limits.maxBodyBytes() + " bytes";
            return reject(receipt, account, read, 413, "body of " + size + " exceeds the limit of "
                    + limits.maxBodyBytes() + " bytes", null, start);
        }
        if (sender == null) {
            try {
                sender = endpoint.authenticator().authenticate(
                        new DeliveryCredentials(urlToken, headers, read.bytes()));
            } catch (UnauthorizedDeliveryException e) {
                return unauthorized(receipt, e, true, start);
            }
            account = sender.account();
        }
        if (!JsonContentType.isJson(receipt.contentType())) {
            return reject(receipt, account, read, 415, receipt.contentType() == null
                    ? "Content-Type is missing; expected application/json"
                    : "Content-Type " + receipt.contentType() + " is not JSON; expected application/json", null, start);
        }
        Normalized normalized;
        try {
            normalized = normalize(receipt, account, read.bytes());
        } catch (MalformedWebhookException e) {
            return reject(receipt, account, read, 400, e.getMessage(), e.path(), start);
        } catch (RuntimeException e) {
            metrics.record(source, Outcome.FAILED, start);
            throw e; // answered 500 with a correlation id by the exception mapper, which logs it
        }
        RawWebhook raw = receipt.accepted(account, sender.verifiedBy(), read.bytes(), normalized);
        // The common answer is made on the thread that saw the last acknowledgement (the producer's I/O
        // thread): it only counts and builds the entity, and the caller writes it elsewhere. A failure,
        // which logs, is answered on the response executor.
        return publisher.publishAccepted(raw, normalized).handle((acked, failure) -> {
            if (failure != null) {
                return CompletableFuture.supplyAsync(() -> unavailable(receipt, failure, start), responses);
            }
            Outcome outcome = normalized.isIgnored() ? Outcome.IGNORED : Outcome.ACCEPTED;
            metrics.record(source, outcome, start);
            LOG.debug("{} {} {}: {} alerts, {} deployments{}", outcome.id(), receipt.path(), receipt.rawId(),
                    normalized.alerts().size(), normalized.deployments().size(),
                    normalized.isIgnored() ? ", ignored: " + normalized.ignoredReason() : "");
            return CompletableFuture.completedFuture(new WebhookAnswer(202, new AcceptedDelivery(receipt.rawId(),
                    normalized.alerts().size(), normalized.deployments().size(), normalized.ignoredReason())));
        }).thenCompose(answer -> answer);
    }

    private Normalized normalize(DeliveryReceipt receipt, String account, byte[] body) throws MalformedWebhookException {
        WebhookNormalizer normalizer = normalizers.get(receipt.source());
        if (normalizer == null) {
            // Kept in webhooks.raw all the same: it can be replayed once the normalizer exists.
            return Normalized.ignored(null, "no normalizer for " + receipt.source().id() + " in this build");
        }
        return normalizer.normalize(receipt.delivery(account, body));
    }

    /**
     * A request header by name, null when absent; repeated ones joined with "," (as JAX-RS
     * {@code HttpHeaders.getHeaderString} does, which the authenticators were written against).
     */
    static String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasMoreElements()) {
            joined.append(',').append(values.nextElement());
        }
        return joined.toString();
    }

    private BoundedBody readBody(HttpServletRequest request, long declaredLength) {
        try {
            // Not closed: an over-limit body is left unread, and the container decides what to do with the rest.
            return BoundedBody.read(request.getInputStream(), declaredLength, limits.maxBodyBytes(),
                    limits.rejectedBodyBytes());
        } catch (IOException e) {
            // The client went away or sent a broken stream: there is no one to answer, and nothing whole to keep.
            throw new BadRequestException("could not read the request body: " + e.getMessage(), e);
        }
    }

    /**
     * @param bodyRead false when the token was refused before the body was read: the connection is
     *     then closed after the answer, as the unread body would otherwise have to be drained first, and
     *     a client must not send its next request on a connection the server is about to drop
     */
    private CompletionStage<WebhookAnswer> unauthorized(DeliveryReceipt receipt, UnauthorizedDeliveryException e,
                                                   boolean bodyRead, long start) {
        metrics.record(receipt.source(), Outcome.UNAUTHORIZED, start);
        LOG.info("401 {} from {}: {}", receipt.path(), receipt.remoteAddress(), e.getMessage());
        ErrorResponse entity = new ErrorResponse(401, e.getMessage(), null);
        return CompletableFuture.completedFuture(
                new WebhookAnswer(401, entity, bodyRead ? Map.of() : Map.of("Connection", "close")));
    }

    /** Keeps the rejected body, then answers {@code status}; a body that cannot be kept gets a 503 instead. */
    private CompletionStage<WebhookAnswer> reject(DeliveryReceipt receipt, String account, BoundedBody read, int status,
                                             String reason, String errorPath, long start) {
        // A 400 body is within the limit and kept whole; of a 413 or 415 body only a prefix.
        int kept = status == 400 ? read.bytes().length : limits.rejectedBodyBytes();
        return publisher.publishRejected(receipt.rejected(account, read.bytes(), kept, read.size(), status, reason,
                errorPath)).handleAsync((acked, failure) -> {
                    if (failure != null) {
                        return unavailable(receipt, failure, start);
                    }
                    metrics.record(receipt.source(), Outcome.REJECTED, start);
                    LOG.info("{} {} {}: {}", status, receipt.path(), receipt.rawId(), reason);
                    return new WebhookAnswer(status, new RejectedDelivery(status, reason, receipt.rawId()));
                }, responses);
    }

    private WebhookAnswer unavailable(DeliveryReceipt receipt, Throwable failure, long start) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message;
        if (cause instanceof TimeoutException) {
            message = "Kafka did not acknowledge the delivery within the ack timeout; retry later";
        } else if (cause instanceof SchemaRegistryException) {
            message = "the schema registry Kafka records are encoded with is unavailable; retry later";
        } else {
            message = "Kafka did not take the delivery (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + "); retry later";
        }
        metrics.record(receipt.source(), Outcome.UNAVAILABLE, start);
        LOG.warn("503 {} {}: {}", receipt.path(), receipt.rawId(), message);
        return new WebhookAnswer(503, new ErrorResponse(503, message, null),
                Map.of("Retry-After", String.valueOf(limits.retryAfterSeconds())));
    }
}
