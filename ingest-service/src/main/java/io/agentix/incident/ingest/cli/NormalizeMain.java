package io.agentix.incident.ingest.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.ingest.auth.DeliveryCredentials;
import io.agentix.incident.ingest.auth.GithubSignatureVerifier;
import io.agentix.incident.ingest.auth.HmacSha256;
import io.agentix.incident.ingest.auth.SentrySignatureVerifier;
import io.agentix.incident.ingest.auth.TokenAuthenticator;
import io.agentix.incident.ingest.auth.UnauthorizedDeliveryException;
import io.agentix.incident.ingest.core.MalformedWebhookException;
import io.agentix.incident.ingest.core.NormalizationSettings;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.ingest.core.Normalizers;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.WebhookDelivery;
import io.agentix.incident.json.AvroJson;

/**
 * {@code incident-engine normalize}: runs the ingest service's verification (when {@code --secret}
 * is given; the timestamp skew is not checked, a saved body is necessarily old) and its
 * normalization on a saved body, and prints each record it would publish as one JSON object per
 * line, {@code {"type": "AlertEvent"|"DeploymentEvent", ...fields}}. Nothing is printed for an
 * ignored delivery (the reason goes to stderr). Exit 0 when the service would accept the body, 1
 * with the reason on stderr when it would answer 4xx, 2 on a bad command line.
 */
public final class NormalizeMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW_ID = "normalize-cli";

    private NormalizeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err, Instant.now()));
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Instant now) {
        NormalizeArguments arguments;
        try {
            arguments = NormalizeArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("normalize: " + e.getMessage());
            err.println(NormalizeArguments.USAGE);
            return 2;
        }
        byte[] body;
        try {
            body = Files.readAllBytes(arguments.file());
        } catch (IOException e) {
            err.println("normalize: cannot read " + arguments.file() + ": " + e.getMessage());
            return 2;
        }
        WebhookDelivery delivery = new WebhookDelivery(RAW_ID, arguments.source(), arguments.account(),
                arguments.headers(), body, now);
        try {
            if (arguments.secret() != null) {
                verify(arguments, delivery, err);
            }
            Normalized normalized = Normalizers.all(NormalizationSettings.defaults())
                    .get(arguments.source()).normalize(delivery);
            if (normalized.isIgnored()) {
                err.println("normalize: ignored (" + normalized.eventType() + "): " + normalized.ignoredReason());
                return 0;
            }
            normalized.alerts().forEach(a -> print(out, "AlertEvent", a));
            normalized.deployments().forEach(d -> print(out, "DeploymentEvent", d));
            out.flush();
            return 0;
        } catch (UnauthorizedDeliveryException e) {
            err.println("normalize: 401 unauthorized: " + e.getMessage());
            return 1;
        } catch (MalformedWebhookException e) {
            err.println("normalize: 400 bad request: " + e.getMessage());
            return 1;
        }
    }

    /** The service's check of the sender, minus what a saved body cannot pass (its timestamp's age). */
    private static void verify(NormalizeArguments arguments, WebhookDelivery delivery, PrintStream err)
            throws UnauthorizedDeliveryException {
        String secret = arguments.secret();
        switch (arguments.source()) {
            case SENTRY -> {
                if (delivery.header(SentrySignatureVerifier.SIGNATURE_HEADER) == null) {
                    err.println("normalize: no " + SentrySignatureVerifier.SIGNATURE_HEADER
                            + " header: a legacy plugin body, which the service authenticates by URL token only");
                    return;
                }
                SentrySignatureVerifier.Result result = new SentrySignatureVerifier(secret, Duration.ZERO)
                        .verifySignature(delivery.body(), delivery.header(SentrySignatureVerifier.SIGNATURE_HEADER));
                if (!result.isOk()) {
                    throw new UnauthorizedDeliveryException(result.reason());
                }
            }
            case GITHUB -> {
                GithubSignatureVerifier.Result result = new GithubSignatureVerifier(new HmacSha256(secret)).verify(delivery);
                if (!result.verified()) {
                    throw new UnauthorizedDeliveryException(result.reason());
                }
            }
            case ALERTMANAGER, REPORT -> {
                if (delivery.header("Authorization") == null) {
                    err.println("normalize: no Authorization header; the service would then check the URL token");
                    return;
                }
                new TokenAuthenticator(arguments.source().id(), Map.of(secret, "cli"))
                        .authenticate(new DeliveryCredentials(null, delivery::header, delivery.body()));
            }
            case BETTERSTACK, RAILWAY -> err.println("normalize: " + arguments.source().id()
                    + " is authenticated by the URL token alone; nothing in the body to verify");
            default -> throw new IllegalStateException("no verification for " + arguments.source());
        }
    }

    private static void print(PrintStream out, String type, SpecificRecord record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", type);
        line.setAll(AvroJson.toJson(record));
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record as JSON", e);
        }
    }

}
