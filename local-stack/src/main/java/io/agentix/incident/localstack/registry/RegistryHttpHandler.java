package io.agentix.incident.localstack.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.agentix.incident.localstack.registry.Router.Call;
import io.agentix.incident.localstack.registry.Router.Match;
import io.agentix.incident.registry.CompatibilityLevel;

/**
 * The Confluent Schema Registry REST API over {@link SchemaRegistry}: routing, request bodies,
 * and the error contract (every failure is answered as {@code {"error_code":N,"message":"..."}}).
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACCEPTED_REQUEST_TYPES = Set.of(
            CONTENT_TYPE, "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
    /** Larger than any sane schema; protects the heap from a runaway client. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final SchemaRegistry registry;
    private final Router router;

    RegistryHttpHandler(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.router = new Router()
                .add("GET", "/", call -> Map.of())
                .add("GET", "/mode", call -> new RestBodies.Mode("READWRITE"))
                .add("GET", "/schemas/types", call -> List.of("AVRO"))
                .add("GET", "/schemas/ids/{id}", call -> new RestBodies.SchemaString(schemaById(call).canonical()))
                .add("GET", "/schemas/ids/{id}/schema", call -> new RestBodies.RawJson(schemaById(call).canonical()))
                .add("GET", "/schemas/ids/{id}/subjects", this::subjectsOfId)
                .add("GET", "/schemas/ids/{id}/versions", this::versionsOfId)
                .add("GET", "/subjects", call -> registry.subjects(call.flag("deleted")))
                .add("POST", "/subjects/{subject}", this::lookup)
                .add("DELETE", "/subjects/{subject}", this::deleteSubject)
                .add("GET", "/subjects/{subject}/versions",
                        call -> registry.versionNumbers(call.param("subject"), call.flag("deleted")))
                .add("POST", "/subjects/{subject}/versions", this::register)
                .add("GET", "/subjects/{subject}/versions/{version}", call -> RestBodies.Version.of(version(call)))
                .add("DELETE", "/subjects/{subject}/versions/{version}",
                        call -> registry.deleteVersion(call.param("subject"), VersionId.parse(call.param("version"))))
                .add("GET", "/subjects/{subject}/versions/{version}/schema",
                        call -> new RestBodies.RawJson(version(call).canonical()))
                .add("POST", "/compatibility/subjects/{subject}/versions/{version}", this::checkAgainstVersion)
                .add("POST", "/compatibility/subjects/{subject}/versions", this::checkAgainstAll)
                .add("GET", "/config", call -> new RestBodies.Config(registry.globalLevel().name()))
                .add("PUT", "/config", this::updateGlobalConfig)
                .add("DELETE", "/config", call -> new RestBodies.Config(registry.clearGlobalLevel().name()))
                .add("GET", "/config/{subject}", this::subjectConfig)
                .add("PUT", "/config/{subject}", this::updateSubjectConfig)
                .add("DELETE", "/config/{subject}",
                        call -> new RestBodies.Config(registry.clearSubjectLevel(call.param("subject")).name()));
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try {
            int status = 200;
            Object body;
            try {
                body = dispatch(exchange, method, path);
            } catch (RegistryException e) {
                status = e.httpStatus();
                body = new RestBodies.Error(e.errorCode(), e.getMessage());
                if (status >= 500) {
                    LOG.warn("{} {} failed: {}", method, path, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                status = 500;
                body = new RestBodies.Error(RegistryException.INTERNAL_ERROR, "Internal error while serving " + method + " "
                        + path + ": " + e);
            }
            send(exchange, status, body);
        } catch (IOException e) {
            // The client went away; there is nobody left to answer.
            LOG.debug("Could not answer {} {}: {}", method, path, e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private Object dispatch(HttpExchange exchange, String method, String path) throws IOException {
        Match match = router.match(method, path);
        byte[] body = readBody(exchange);
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
            requireAcceptedContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        Call call = new Call(match.pathParams(), Router.query(exchange.getRequestURI().getRawQuery()), body);
        return match.action().handle(call);
    }

    private Object register(Call call) {
        String subject = call.param("subject");
        return new RestBodies.Id(registry.register(subject, schemaText(call, subject)));
    }

    private Object lookup(Call call) {
        String subject = call.param("subject");
        return RestBodies.Version.of(registry.lookup(subject, schemaText(call, subject), call.flag("deleted")));
    }

    private Object deleteSubject(Call call) {
        if (call.flag("permanent")) {
            // Hard deletion would let a later registration reuse an id that old records still carry.
            throw RegistryException.http(400, "Permanent deletion of subject '" + call.param("subject")
                    + "' is not supported by this registry; soft deletion is (omit permanent=true)");
        }
        return registry.deleteSubject(call.param("subject"));
    }

    private RegisteredSchema version(Call call) {
        return registry.version(call.param("subject"), VersionId.parse(call.param("version")), call.flag("deleted"));
    }

    private Object checkAgainstVersion(Call call) {
        String subject = call.param("subject");
        VersionId version = VersionId.parse(call.param("version"));
        return compatibility(call, registry.compatibilityProblems(subject, version, schemaText(call, subject)));
    }

    private Object checkAgainstAll(Call call) {
        String subject = call.param("subject");
        return compatibility(call, registry.compatibilityProblems(subject, schemaText(call, subject)));
    }

    private static Object compatibility(Call call, List<String> problems) {
        return new RestBodies.Compatibility(problems.isEmpty(), call.flag("verbose") ? problems : null);
    }

    private Object subjectConfig(Call call) {
        String subject = call.param("subject");
        CompatibilityLevel level = registry.subjectLevel(subject).orElseGet(() -> {
            if (call.flag("defaultToGlobal")) {
                return registry.globalLevel();
            }
            throw RegistryException.subjectCompatibilityNotConfigured(subject);
        });
        return new RestBodies.Config(level.name());
    }

    private Object updateGlobalConfig(Call call) {
        CompatibilityLevel level = compatibilityLevel(call);
        registry.setGlobalLevel(level);
        return new RestBodies.ConfigUpdate(level.name());
    }

    private Object updateSubjectConfig(Call call) {
        CompatibilityLevel level = compatibilityLevel(call);
        registry.setSubjectLevel(call.param("subject"), level);
        return new RestBodies.ConfigUpdate(level.name());
    }

    private Object subjectsOfId(Call call) {
        return registry.usesOf(id(call), call.flag("deleted")).stream().map(RegisteredSchema::subject).distinct().toList();
    }

    private Object versionsOfId(Call call) {
        return registry.usesOf(id(call), call.flag("deleted")).stream()
                .map(v -> new RestBodies.SubjectVersion(v.subject(), v.version()))
                .toList();
    }

    private RegisteredSchema schemaById(Call call) {
        return registry.byId(id(call));
    }

    private static int id(Call call) {
        String id = call.param("id");
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found: ids are numbers");
        }
    }

    /** The schema of a register, lookup or compatibility request, which must be an AVRO schema without references. */
    private static String schemaText(Call call, String subject) {
        JsonNode body = jsonObject(call);
        JsonNode type = body.path("schemaType");
        if (type.isTextual() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw RegistryException.invalidSchema("schema type " + type.asText() + " is not supported for subject '"
                    + subject + "': this registry holds AVRO schemas only");
        }
        JsonNode references = body.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported for subject '" + subject
                    + "': send the schema with its named types inlined");
        }
        JsonNode schema = body.path("schema");
        if (!schema.isTextual()) {
            throw RegistryException.invalidSchema("the request for subject '" + subject
                    + "' has no \"schema\" field holding the schema as a JSON string");
        }
        return schema.asText();
    }

    private static CompatibilityLevel compatibilityLevel(Call call) {
        JsonNode body = jsonObject(call);
        // "compatibility" is the documented field; some tools send the name the GET answers with.
        JsonNode level = body.has("compatibility") ? body.path("compatibility") : body.path("compatibilityLevel");
        if (!level.isTextual()) {
            throw RegistryException.invalidCompatibilityLevel(level.isMissingNode() ? "(none given)" : level.toString());
        }
        try {
            return CompatibilityLevel.parse(level.asText());
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibilityLevel(level.asText());
        }
    }

    private static JsonNode jsonObject(Call call) {
        if (call.body().length == 0) {
            throw RegistryException.http(400, "The request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(call.body());
        } catch (JsonProcessingException e) {
            throw RegistryException.http(400, "Malformed JSON in the request body: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw RegistryException.http(400, "Cannot read the request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw RegistryException.http(400, "The request body must be a JSON object, was " + (node == null ? "empty" : node.getNodeType()));
        }
        return node;
    }

    private static void requireAcceptedContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_REQUEST_TYPES.contains(mediaType)) {
            throw RegistryException.http(415, "Unsupported Content-Type '" + contentType + "'; send one of "
                    + ACCEPTED_REQUEST_TYPES);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw RegistryException.http(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body instanceof RestBodies.RawJson raw
                ? raw.json().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
