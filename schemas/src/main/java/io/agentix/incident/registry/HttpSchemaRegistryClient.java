package io.agentix.incident.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link SchemaRegistryClient} speaking the Confluent Schema Registry REST API over
 * {@link HttpClient}.
 *
 * <p>Ids and registrations are cached forever (the registry never changes what an id means), so
 * serializers and deserializers stop doing I/O after their first record of each type. Connection
 * errors and 5xx answers are retried with exponential backoff, moving on to the next URL of the list
 * first; 4xx answers are final and thrown at once. Every wait is bounded by the configured timeouts
 * and attempts, so a dead registry produces an exception, never a hang.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String authorization;
    /** Index of the URL that answered last: later requests start there instead of re-trying a dead one. */
    private final AtomicInteger preferredUrl = new AtomicInteger();

    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Call call = new Call("register a schema under subject '" + subject + "'", subject, null);
        JsonNode answer = execute("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), call);
        int id = requiredInt(answer, "id", call);
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        Call call = new Call("look up a schema under subject '" + subject + "'", subject, null);
        JsonNode answer = execute("POST", "/subjects/" + encode(subject), schemaBody(schema), call);
        RegisteredSchema registered = new RegisteredSchema(subject, requiredInt(answer, "id", call),
                requiredInt(answer, "version", call), schema);
        lookups.put(key, registered);
        idsBySubjectSchema.putIfAbsent(key, registered.id());
        schemasById.putIfAbsent(registered.id(), schema);
        return registered;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Call call = new Call("fetch schema id " + id, null, id);
        JsonNode answer = execute("GET", "/schemas/ids/" + id, null, call);
        Schema schema = parseSchema(answer, call);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Call call = new Call("fetch the latest version of subject '" + subject + "'", subject, null);
        JsonNode answer = execute("GET", "/subjects/" + encode(subject) + "/versions/latest", null, call);
        int id = requiredInt(answer, "id", call);
        Schema schema = schemasById.computeIfAbsent(id, ignored -> parseSchema(answer, call));
        return new RegisteredSchema(subject, id, requiredInt(answer, "version", call), schema);
    }

    @Override
    public String target() {
        return config.describeUrls();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + target() + "]";
    }

    /**
     * Sends one request, trying each URL in turn (starting with the one that answered last) and
     * repeating the round with backoff while the failures are retriable.
     */
    private JsonNode execute(String method, String path, String body, Call call) {
        List<URI> urls = config.urls();
        SchemaRegistryException lastFailure = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pause(config.backoffBefore(attempt), lastFailure);
            }
            int first = preferredUrl.get();
            for (int i = 0; i < urls.size(); i++) {
                int index = (first + i) % urls.size();
                URI base = urls.get(index);
                HttpResponse<String> response;
                try {
                    response = http.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    lastFailure = new SchemaRegistryException("schema registry " + base + ": cannot " + call.action()
                            + ": " + describe(e), SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE, e);
                    log.debug("{} (attempt {} of {})", lastFailure.getMessage(), attempt, config.maxAttempts());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("schema registry " + base + ": interrupted while trying to "
                            + call.action(), SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE, e);
                }
                preferredUrl.set(index);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseJson(base, response.body(), call);
                }
                SchemaRegistryException error = errorAnswer(base, status, response.body(), call);
                if (status < 500) {
                    throw error; // the request itself is wrong: asking again cannot help
                }
                lastFailure = error;
                log.debug("{} (attempt {} of {})", error.getMessage(), attempt, config.maxAttempts());
            }
        }
        log.warn("{}; gave up after {} attempts", lastFailure.getMessage(), config.maxAttempts());
        throw new SchemaRegistryException(lastFailure.getMessage() + "; gave up after " + config.maxAttempts()
                + " attempt(s) on " + target(), lastFailure.httpStatus(), lastFailure.errorCode(), lastFailure);
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private SchemaRegistryException errorAnswer(URI base, int status, String body, Call call) {
        int errorCode = status;
        String message = body;
        try {
            JsonNode json = mapper.readTree(body);
            if (json != null && json.hasNonNull("error_code")) {
                errorCode = json.get("error_code").asInt(status);
                message = json.path("message").asText("");
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, say): keep the raw body as the message.
        }
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return SchemaRegistryException.fromResponse(base.toString(), status, errorCode, message,
                call.action(), call.subject(), call.schemaId());
    }

    private JsonNode parseJson(URI base, String body, Call call) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("schema registry " + base + ": cannot " + call.action()
                    + ": answer is not JSON: " + e.getOriginalMessage(), 200, SchemaRegistryException.NO_RESPONSE, e);
        }
    }

    private Schema parseSchema(JsonNode answer, Call call) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException("schema registry " + target() + ": cannot " + call.action()
                    + ": it is a " + type + " schema, only AVRO is supported", 200, SchemaRegistryException.INVALID_SCHEMA, null);
        }
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("schema registry " + target() + ": cannot " + call.action()
                    + ": answer has no 'schema' field", 200, SchemaRegistryException.INVALID_SCHEMA, null);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema registry " + target() + ": cannot " + call.action()
                    + ": not a valid Avro schema: " + e.getMessage(), 200, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    private int requiredInt(JsonNode answer, String field, Call call) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry " + target() + ": cannot " + call.action()
                    + ": answer has no integer '" + field + "'", 200, SchemaRegistryException.NO_RESPONSE, null);
        }
        return value.intValue();
    }

    private String schemaBody(Schema schema) {
        ObjectNode body = mapper.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private void pause(Duration wait, SchemaRegistryException cause) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(cause.getMessage() + "; interrupted while waiting to retry",
                    cause.httpStatus(), cause.errorCode(), e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    /** What a request is for, so an error can say so in words. */
    private record Call(String action, String subject, Integer schemaId) {
    }

    private record SubjectSchema(String subject, Schema schema) {
        SubjectSchema {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }
    }
}
