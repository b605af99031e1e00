package io.agentix.incident.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a realistic Sentry {@code event_alert} webhook body and its {@code Sentry-Hook-Signature}
 * for the load harness.
 *
 * <p>The body is what Sentry's integration platform sends (see the shared webhook reference):
 * the envelope {@code action/installation/data/actor}, {@code data.event} a full JavaScript error
 * event (exception with stack frames, breadcrumbs, request, contexts, tags as {@code [key, value]}
 * pairs, epoch-float {@code timestamp}/{@code received}), serialized compactly
 * ({@code separators=(",", ":")}) with every non-ASCII character as a lowercase {@code \\uXXXX}
 * escape, as Sentry's simplejson does. Stack frames are added until the body reaches the
 * requested size, which is how real events grow. The content is fixed, so runs are comparable.
 *
 * <pre>
 * java -cp benchmarks.jar io.agentix.incident.bench.SentryPayloads [--size 8k|100k|BYTES]
 *     [--secret bench] [--installation UUID] [--out bench/out]
 * </pre>
 * writes {@code OUT/sentry-event-alert-SIZE.json} and {@code OUT/sentry-event-alert-SIZE.sig}
 * (the hex signature, no newline) and prints both paths.
 */
public final class SentryPayloads {

    /** A typical issue-alert body: a dozen frames with context lines and a few breadcrumbs. */
    public static final int DEFAULT_SIZE = 8 * 1024;

    public static final String DEFAULT_SECRET = "bench";

    public static final String DEFAULT_INSTALLATION = "7a485448-a9e2-4c85-8a3c-4f44175783c9";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ISSUE_ID = "1117540176";
    private static final String EVENT_ID = "e4874d664c3540c1a32eab185f12c5ab";

    private SentryPayloads() {
    }

    /**
     * An {@code event_alert} body of at least {@code targetSize} bytes (at most one stack frame,
     * about 600 bytes, more).
     *
     * @param targetSize bytes wanted, at least 2048 (the envelope and event without frames)
     * @param installationUuid the Sentry installation the alert comes from
     */
    public static byte[] eventAlert(int targetSize, String installationUuid) {
        if (targetSize < 2048) {
            throw new IllegalArgumentException("targetSize must be at least 2048 bytes, was " + targetSize);
        }
        if (installationUuid == null || installationUuid.isBlank()) {
            throw new IllegalArgumentException("installationUuid must not be blank");
        }
        ObjectNode body = envelope(installationUuid);
        ArrayNode frames = (ArrayNode) body.at("/data/event/exception/values/0/stacktrace/frames");
        byte[] bytes = sentryJson(body);
        // Bounded: each frame adds hundreds of bytes, so a 1 MiB body needs fewer than 2000.
        for (int i = 0; bytes.length < targetSize && i < 100_000; i++) {
            frames.insert(0, frame(i));
            bytes = sentryJson(body);
        }
        return bytes;
    }

    /** Lowercase hex HMAC-SHA256 of the raw body keyed with the client secret, as Sentry signs. */
    public static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java 17 runtime has HmacSHA256 and accepts any non-empty key.
            throw new IllegalStateException("HmacSHA256 unavailable or key rejected", e);
        }
    }

    /**
     * Compact JSON with non-ASCII as {@code \\uxxxx} (UTF-16 units, so an emoji becomes a
     * surrogate pair), as Python's {@code json.dumps(ensure_ascii=True)} writes it. Outside
     * strings JSON is ASCII, so escaping every non-ASCII char is exactly escaping string content.
     */
    static byte[] sentryJson(ObjectNode body) {
        String compact;
        try {
            compact = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tree of plain nodes", e);
        }
        StringBuilder out = new StringBuilder(compact.length() + 64);
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static ObjectNode envelope(String installationUuid) {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", "triggered");
        body.putObject("installation").put("uuid", installationUuid);
        ObjectNode data = body.putObject("data");
        data.set("event", event());
        data.put("triggered_rule", "Notify on-call: new issue in checkout \u2014 production");
        ObjectNode actor = body.putObject("actor");
        actor.put("type", "application");
        actor.put("id", "sentry");
        actor.put("name", "Sentry");
        return body;
    }

    private static ObjectNode event() {
        ObjectNode event = JSON.createObjectNode();
        event.put("_ref", 1);
        event.put("_ref_version", 2);
        ObjectNode contexts = event.putObject("contexts");
        ObjectNode browser = contexts.putObject("browser");
        browser.put("name", "Chrome");
        browser.put("version", "131.0.0");
        browser.put("type", "browser");
        ObjectNode os = contexts.putObject("os");
        os.put("name", "Mac OS X");
        os.put("version", "10.15.7");
        os.put("type", "os");
        ObjectNode trace = contexts.putObject("trace");
        trace.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        trace.put("span_id", "00f067aa0ba902b7");
        trace.put("op", "pageload");
        trace.put("status", "unknown");
        trace.put("type", "trace");
        event.put("culprit", "CheckoutSummary.render(app/components/checkout/Summary)");
        event.put("datetime", "2026-03-09T14:21:07.137000Z");
        event.putNull("dist");
        event.put("environment", "production");
        event.put("event_id", EVENT_ID);
        ObjectNode exception = event.putObject("exception").putArray("values").addObject();
        exception.put("type", "TypeError");
        exception.put("value", "Cannot read properties of undefined (reading 'Gr\u00f6\u00dfe')");
        ObjectNode mechanism = exception.putObject("mechanism");
        mechanism.put("type", "onunhandledrejection");
        mechanism.put("handled", false);
        exception.putObject("stacktrace").putArray("frames");
        event.putArray("fingerprint").add("{{ default }}");
        ObjectNode grouping = event.putObject("grouping_config");
        grouping.put("enhancements", "eJybzDRxY3J-bm5-npWVWWJBYk5uXnp-qaWxTnFpUbquaUpqukJSokJRakhqSmJOSUAAmkRmQ");
        grouping.put("id", "newstyle:2023-01-11");
        event.putArray("hashes").add("c4c0b5ee8d6a4e0e9a0c1c6f2f7d1b3a");
        event.put("issue_url", "https://sentry.io/api/0/issues/" + ISSUE_ID + "/");
        event.put("issue_id", ISSUE_ID);
        event.put("key_id", "667532");
        event.put("level", "error");
        event.put("location", "app/components/checkout/Summary.tsx");
        event.put("logger", "");
        event.put("message", "");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("filename", "app/components/checkout/Summary.tsx");
        metadata.put("function", "CheckoutSummary.render");
        metadata.put("type", "TypeError");
        metadata.put("value", "Cannot read properties of undefined (reading 'Gr\u00f6\u00dfe')");
        metadata.put("in_app_frame_mix", "mixed");
        event.put("platform", "javascript");
        event.put("project", 1_842_113);
        event.put("received", 1_773_066_067.512);
        event.put("release", "storefront@4.18.2+5f2c1e9");
        ObjectNode request = event.putObject("request");
        request.put("url", "https://shop.example.com/checkout/summary");
        request.put("method", "GET");
        request.putNull("data");
        request.putArray("query_string").addArray().add("step").add("review");
        request.putArray("cookies");
        ArrayNode headers = request.putArray("headers");
        headers.addArray().add("Accept-Language").add("de-DE,de;q=0.9,en;q=0.8");
        headers.addArray().add("Referer").add("https://shop.example.com/cart");
        headers.addArray().add("User-Agent").add("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        request.putNull("inferred_content_type");
        ArrayNode breadcrumbs = event.putObject("breadcrumbs").putArray("values");
        breadcrumb(breadcrumbs, 1_773_066_061.004, "navigation", null, "/cart -> /checkout/summary");
        breadcrumb(breadcrumbs, 1_773_066_062.311, "xhr", "GET /api/cart/8812 [200]", null);
        breadcrumb(breadcrumbs, 1_773_066_063.720, "ui.click", "button#apply-coupon", null);
        breadcrumb(breadcrumbs, 1_773_066_066.950, "xhr", "POST /api/cart/8812/coupon [422]", null);
        breadcrumb(breadcrumbs, 1_773_066_067.101, "console",
                "Warnung: Gutschein ung\u00fcltig \ud83d\ude15", null);
        ObjectNode sdk = event.putObject("sdk");
        sdk.put("name", "sentry.javascript.react");
        sdk.put("version", "8.47.0");
        ArrayNode integrations = sdk.putArray("integrations");
        for (String integration : new String[] {"InboundFilters", "FunctionToString", "BrowserApiErrors",
                "Breadcrumbs", "GlobalHandlers", "LinkedErrors", "Dedupe", "HttpContext", "BrowserTracing"}) {
            integrations.add(integration);
        }
        ObjectNode sdkPackage = sdk.putArray("packages").addObject();
        sdkPackage.put("name", "npm:@sentry/react");
        sdkPackage.put("version", "8.47.0");
        ArrayNode tags = event.putArray("tags");
        tag(tags, "browser", "Chrome 131.0.0");
        tag(tags, "browser.name", "Chrome");
        tag(tags, "environment", "production");
        tag(tags, "handled", "no");
        tag(tags, "level", "error");
        tag(tags, "mechanism", "onunhandledrejection");
        tag(tags, "os.name", "Mac OS X");
        tag(tags, "release", "storefront@4.18.2+5f2c1e9");
        tag(tags, "tenant", "acme-gmbh");
        tag(tags, "transaction", "/checkout/summary");
        tag(tags, "url", "https://shop.example.com/checkout/summary");
        event.put("timestamp", 1_773_066_067.137);
        event.put("title", "TypeError: Cannot read properties of undefined (reading 'Gr\u00f6\u00dfe')");
        event.put("type", "error");
        ObjectNode user = event.putObject("user");
        user.put("id", "u-40213");
        user.put("email", "j\u00fcrgen.m\u00fcller@example.de");
        user.put("ip_address", "203.0.113.42");
        ObjectNode geo = user.putObject("geo");
        geo.put("country_code", "DE");
        geo.put("city", "M\u00fcnchen");
        geo.put("region", "Germany");
        event.put("version", "7");
        event.put("url", "https://sentry.io/api/0/projects/acme/storefront/events/" + EVENT_ID + "/");
        event.put("web_url", "https://sentry.io/organizations/acme/issues/" + ISSUE_ID + "/events/" + EVENT_ID + "/");
        return event;
    }

    private static void breadcrumb(ArrayNode crumbs, double timestamp, String category, String message,
            String navigation) {
        ObjectNode crumb = crumbs.addObject();
        crumb.put("timestamp", timestamp);
        crumb.put("type", category.equals("xhr") ? "http" : "default");
        crumb.put("category", category);
        crumb.put("level", "info");
        if (message != null) {
            crumb.put("message", message);
        }
        if (navigation != null) {
            String[] fromTo = navigation.split(" -> ");
            ObjectNode data = crumb.putObject("data");
            data.put("from", fromTo[0]);
            data.put("to", fromTo[1]);
        }
    }

    private static void tag(ArrayNode tags, String key, String value) {
        tags.addArray().add(key).add(value);
    }

    /** One minified-bundle frame with source context and local variables, as source maps give them. */
    private static ObjectNode frame(int n) {
        ObjectNode frame = JSON.createObjectNode();
        String module = "app/components/checkout/Step" + (n % 7);
        frame.put("function", "Step" + (n % 7) + ".handle" + (n % 3 == 0 ? "Render" : "Update"));
        frame.put("module", module);
        frame.put("filename", module + ".tsx");
        frame.put("abs_path", "https://shop.example.com/static/js/main.5f2c1e9.js");
        frame.put("lineno", 100 + n * 13 % 400);
        frame.put("colno", 7 + n * 31 % 80);
        frame.put("in_app", n % 4 != 3);
        ArrayNode pre = frame.putArray("pre_context");
        pre.add("  const summary = useCheckoutSummary(cartId);");
        pre.add("  const coupon = summary.coupons?.[0];");
        frame.put("context_line", "  const label = summary.items[" + n + "].sizes.Gr\u00f6\u00dfe.label;");
        ArrayNode post = frame.putArray("post_context");
        post.add("  return <SummaryRow label={label} amount={summary.total} />;");
        post.add("}");
        ObjectNode vars = frame.putObject("vars");
        vars.put("cartId", "'8812'");
        vars.put("index", n);
        vars.put("summary", "{items: [Object], total: 129.9, currency: 'EUR'}");
        return frame;
    }

    /** Parsed command line. */
    record Options(int size, String secret, String installation, Path out) {

        static Options parse(String[] args) {
            int size = DEFAULT_SIZE;
            String secret = DEFAULT_SECRET;
            String installation = DEFAULT_INSTALLATION;
            Path out = Path.of("bench", "out");
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--size" -> size = parseSize(value);
                    case "--secret" -> secret = value;
                    case "--installation" -> installation = value;
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return new Options(size, secret, installation, out);
        }

        /** "8k" is 8192 bytes, "100k" 102400, a plain number is bytes. */
        static int parseSize(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            boolean kilo = lower.endsWith("k");
            try {
                int n = Integer.parseInt(kilo ? lower.substring(0, lower.length() - 1) : lower);
                return kilo ? n * 1024 : n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size must be bytes or NNk, was '" + value + "'", e);
            }
        }

        String sizeLabel() {
            return size % 1024 == 0 ? (size / 1024) + "k" : Integer.toString(size);
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sentry-payloads: " + e.getMessage());
            System.err.println("usage: SentryPayloads [--size 8k|100k|BYTES] [--secret S] [--installation UUID]"
                    + " [--out DIR]");
            System.exit(2);
            return;
        }
        byte[] body = eventAlert(options.size(), options.installation());
        String base = "sentry-event-alert-" + options.sizeLabel();
        Path bodyFile = options.out().resolve(base + ".json");
        Path signatureFile = options.out().resolve(base + ".sig");
        try {
            Files.createDirectories(options.out());
            Files.write(bodyFile, body);
            Files.writeString(signatureFile, signature(body, options.secret()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payload under " + options.out().toAbsolutePath(), e);
        }
        System.out.println(bodyFile + " " + body.length + " bytes");
        System.out.println(signatureFile);
    }
}
