package io.agentix.incident.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.avro.Schema;

/**
 * In-memory schema registry for tests and single-process runs, selected by a
 * {@code mock://<scope>} URL like Confluent's.
 *
 * <p>It behaves like the real registry where the serde can tell: ids are global across subjects,
 * the same schema gets the same id everywhere, versions count from 1 per subject, and registering
 * a schema that breaks the compatibility rule (BACKWARD unless changed) fails with error code
 * {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA}.
 *
 * <p>Why a static scope map: Kafka instantiates serializers by reflection from class names in a
 * configuration map, so the only thing a producer's serializer and a test's deserializer can share
 * is a string. Every {@code mock://same-scope} URL therefore resolves to the same instance held in
 * a process-wide map. Tests should use a scope of their own (e.g. the test class name, or a random
 * suffix) and call {@link #dropScope(String)} when done, so state does not leak between tests.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    public static final String URL_PREFIX = "mock://";

    private static final ConcurrentMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private CompatibilityLevel compatibility = CompatibilityLevel.BACKWARD;

    /** A registry of its own, not reachable through a URL. */
    public MockSchemaRegistry() {
        this("(unscoped)");
    }

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of {@code scope}, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        requireScope(scope);
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** The registry a {@code mock://<scope>} URL names. */
    public static MockSchemaRegistry forUrl(String url) {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("not a mock schema registry URL (mock://<scope>): " + url);
        }
        return forScope(url.substring(URL_PREFIX.length()));
    }

    /** Forgets the registry of {@code scope}; the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** Sets the rule new versions must follow (BACKWARD by default) for every subject. */
    public synchronized void setCompatibility(CompatibilityLevel level) {
        this.compatibility = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        String text = schema.toString();
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer existing = idsByText.get(text);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        List<Schema> earlier = versions.stream().map(this::schema).toList();
        List<String> problems = compatibility.problems(schema, earlier);
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.fromResponse(target(), 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    compatibility + " check failed: " + String.join("; ", problems),
                    "register a schema under subject '" + subject + "'", subject, null);
        }
        int id = existing != null ? existing : addSchema(text, schema);
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idsByText.get(schema.toString());
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw notFound(SchemaRegistryException.SCHEMA_NOT_FOUND, "look up a schema under subject '" + subject + "'", subject, null);
        }
        return new RegisteredSchema(subject, id, index + 1, schema(id));
    }

    @Override
    public synchronized Schema getById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw notFound(SchemaRegistryException.SCHEMA_NOT_FOUND, "fetch schema id " + id, null, id);
        }
        return schema(id);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schema(id));
    }

    /** Subjects with at least one version. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public String target() {
        return URL_PREFIX + scope;
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[" + target() + "]";
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw notFound(SchemaRegistryException.SUBJECT_NOT_FOUND, "use subject '" + subject + "'", subject, null);
        }
        return versions;
    }

    private int addSchema(String text, Schema schema) {
        schemasById.add(schema);
        int id = schemasById.size(); // ids start at 1, like the real registry's
        idsByText.put(text, id);
        return id;
    }

    private Schema schema(int id) {
        return schemasById.get(id - 1);
    }

    private SchemaRegistryException notFound(int errorCode, String action, String subject, Integer id) {
        return SchemaRegistryException.fromResponse(target(), 404, errorCode, "not found", action, subject, id);
    }

    private static void requireScope(String scope) {
        if (scope == null || scope.isBlank() || scope.contains(",")) {
            throw new IllegalArgumentException("mock schema registry scope must be a non-blank name without commas, was '" + scope + "'");
        }
    }
}
