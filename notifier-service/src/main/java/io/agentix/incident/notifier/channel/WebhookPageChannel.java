package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentix.incident.events.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A page as a generic JSON webhook, signed so the receiver can tell it came from us and was not changed.
 *
 * <p>Body: {@code deliveryId, notificationId, incidentId, kind, severity, pageAction, recipientRole, route,
 * recipients [{id, name, pageTarget}], subject, body, links [{label, url}], createdAt, dueAt, policyVersion}.
 * Headers: {@code X-Delivery-Id} (the same on every retry of one delivery: the receiver's idempotency key)
 * and
 * <pre>X-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</pre>
 * The timestamp is signed with the body, so an old request replayed later fails the receiver's age check.
 * A receiver checks it with {@link #verify(String, byte[], String, Instant, Duration)} (or the same three
 * steps in any language): split the header at commas, recompute the HMAC over the raw request bytes
 * prefixed by {@code t.}, compare in constant time, and refuse a {@code t} too far from its own clock.
 */
public final class WebhookPageChannel extends HttpPageChannel {

    /** The header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-Signature";

    private static final String HMAC = "HmacSHA256";

    private final byte[] secret;
    private final Clock clock;

    public WebhookPageChannel(String route, HttpClient client, URI url, Duration timeout, String secret, Clock clock,
                              ObjectMapper json) {
        super(route, client, url, timeout, json);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook page route '" + route + "' needs a secret to sign with");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected ObjectNode body(Delivery delivery) {
        Notification n = delivery.notification();
        ObjectNode body = json.createObjectNode();
        body.put("deliveryId", delivery.deliveryId());
        body.put("notificationId", n.getNotificationId());
        body.put("incidentId", n.getIncidentId());
        body.put("kind", n.getKind().toString());
        body.put("severity", n.getSeverity().toString());
        body.put("pageAction", n.getPageAction() == null ? null : n.getPageAction().toString());
        body.put("recipientRole", n.getRecipientRole());
        body.put("route", route);
        body.set("recipients", recipients(json, delivery));
        body.put("subject", n.getSubject());
        body.put("body", n.getBody());
        body.set("links", links(json, n));
        body.put("createdAt", n.getCreatedAt().toString());
        body.put("dueAt", n.getDueAt() == null ? null : n.getDueAt().toString());
        body.put("policyVersion", n.getPolicyVersion());
        return body;
    }

    @Override
    protected void headers(Delivery delivery, byte[] body, HttpRequest.Builder request) {
        request.header("X-Delivery-Id", delivery.deliveryId());
        request.header(SIGNATURE_HEADER, signatureHeader(clock.instant().getEpochSecond(), body, secret));
    }

    @Override
    protected SendResult accepted(Delivery delivery, HttpResponse<String> response) {
        String providerId = response.headers().firstValue("X-Request-Id").orElse(null);
        return new SendResult(providerId, delivery.recipients().stream().map(r -> r.getId()).toList());
    }

    /** {@code t=<epochSeconds>,v1=<hex HMAC-SHA256(secret, "<epochSeconds>." + body)>}. */
    public static String signatureHeader(long epochSeconds, byte[] body, byte[] secret) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(epochSeconds, body, secret));
    }

    /**
     * Checks an {@code X-Signature} header the way a receiver should.
     *
     * @param signatureHeader the header's value as received
     * @param rawBody the request body bytes exactly as received (not re-serialized JSON)
     * @param secret the route's shared secret
     * @param now the receiver's clock
     * @param tolerance how far {@code t} may be from {@code now} (e.g. 5 minutes)
     * @return true when a {@code v1} value matches and {@code t} is within the tolerance; false for a
     *         missing, malformed, stale or wrong signature
     */
    public static boolean verify(String signatureHeader, byte[] rawBody, String secret, Instant now, Duration tolerance) {
        if (signatureHeader == null || rawBody == null || secret == null || secret.isEmpty()) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : signatureHeader.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (key.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(timestamp, rawBody, secret.getBytes(StandardCharsets.UTF_8));
        boolean match = false;
        for (byte[] signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature);
        }
        return match;
    }

    private static byte[] hmac(long epochSeconds, byte[] body, byte[] secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
