package io.agentix.incident.ingest.core;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parsed JSON body read through paths, so that every complaint names where it is
 * ({@code $.data.issue.id: missing}). Lenient the way senders need: absent keys and explicit
 * {@code null} are the same, ids may be numbers or strings, unknown fields are ignored.
 *
 * <p>A {@code JsonPayload} is a view of one node and its path; {@link #at(String...)} walks down.
 */
public final class JsonPayload {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final JsonNode node;
    // Where the node is: a root's path, or its parent and the keys (or the index) from there. The path
    // is spelled out only when asked for, mostly by a complaint; a normalizer walks far more than it
    // complains.
    private final String rootPath;
    private final JsonPayload parent;
    private final String[] keys;
    private final int index;

    private JsonPayload(JsonNode node, String rootPath) {
        this(node, rootPath, null, null, -1);
    }

    private JsonPayload(JsonNode node, String rootPath, JsonPayload parent, String[] keys, int index) {
        this.node = node;
        this.rootPath = rootPath;
        this.parent = parent;
        this.keys = keys;
        this.index = index;
    }

    /** Parses a body; anything but a JSON object is malformed. */
    public static JsonPayload parse(byte[] body) throws MalformedWebhookException {
        return WHOLE.parse(body);
    }

    /** {@link #parser(Set, Set)} for one body, without arrays cut to their last element. */
    public static JsonPayload parse(byte[] body, Set<String> unread) throws MalformedWebhookException {
        return parser(unread, Set.of()).parse(body);
    }

    /** {@link #parser(Set, Set)} for one body. */
    public static JsonPayload parse(byte[] body, Set<String> unread, Set<String> lastOnly)
            throws MalformedWebhookException {
        return parser(unread, lastOnly).parse(body);
    }

    /**
     * A parser that does not build what a normalizer never reads, at any depth: no node or string
     * is made of the fields named {@code unread}, and an array under a name in {@code lastOnly} keeps
     * only its last element (at index 0). What is left out is still checked to be valid JSON. For
     * large bodies of which a normalizer reads little (a Sentry event's breadcrumbs and request, and
     * every stack frame but the last one), building it would be most of the parsing cost.
     *
     * <p>The nodes built are those {@code ObjectMapper.readTree} builds (the same node type for every
     * number, the last of repeated keys wins), and the complaints are Jackson's own: a body that is
     * plainly valid JSON is read by {@link JsonTreeReader}, anything else by Jackson's parser.
     *
     * <p>Make one per normalizer and keep it: it remembers the field names it has met (thread-safe).
     */
    public static Parser parser(Set<String> unread, Set<String> lastOnly) {
        return new Parser(unread, lastOnly);
    }

    private static final Parser WHOLE = parser(Set.of(), Set.of());

    /** See {@link #parser(Set, Set)}. */
    public static final class Parser {
        private final Set<String> unread;
        private final Set<String> lastOnly;
        private final JsonTreeReader.FieldNames names;

        private Parser(Set<String> unread, Set<String> lastOnly) {
            this.unread = Set.copyOf(unread);
            this.lastOnly = Set.copyOf(lastOnly);
            this.names = new JsonTreeReader.FieldNames(this.unread, this.lastOnly);
        }

        /** Parses a body; anything but a JSON object is malformed. */
        public JsonPayload parse(byte[] body) throws MalformedWebhookException {
            JsonNode root = JsonTreeReader.read(body, names, MAPPER.getNodeFactory());
            if (root == null) {
                root = readWithJackson(body, unread, lastOnly);
            }
            if (!root.isObject()) {
                throw new MalformedWebhookException("$", "expected a JSON object, got " + root.getNodeType().name().toLowerCase());
            }
            return new JsonPayload(root, "$");
        }
    }

    /**
     * The same tree as {@link JsonTreeReader} builds, through Jackson's parser: for the bodies that
     * reader gives up on, which are mostly not JSON at all, so that the complaint is Jackson's.
     */
    static JsonNode readWithJackson(byte[] body, Set<String> unread, Set<String> lastOnly)
            throws MalformedWebhookException {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (unread.isEmpty() && lastOnly.isEmpty()) {
                root = MAPPER.readTree(parser);
            } else {
                root = parser.nextToken() == null ? null : new TreeBuilder(body, unread, lastOnly).value(parser);
            }
            if (root != null && parser.nextToken() != null) {
                throw new MalformedWebhookException("$", "not valid JSON: trailing content after the top-level value");
            }
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new MalformedWebhookException("$", "not valid JSON: " + message, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedWebhookException("$", "empty body");
        }
        return root;
    }

    /**
     * Builds the tree of one parse straight from the tokens, skipping what is not wanted without
     * decoding it (a filtering parser in front of {@code readTree} costs more per token than the
     * tree it saves). Recursion is bounded by the parser's nesting limit.
     */
    private static final class TreeBuilder {
        private final byte[] body;
        private final Set<String> unread;
        private final Set<String> lastOnly;
        private final JsonNodeFactory nodes = MAPPER.getNodeFactory();

        TreeBuilder(byte[] body, Set<String> unread, Set<String> lastOnly) {
            this.body = body;
            this.unread = unread;
            this.lastOnly = lastOnly;
        }

        /** The value whose first token is the parser's current one; leaves the parser on its last token. */
        JsonNode value(JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            switch (token) {
                case START_OBJECT:
                    return object(p);
                case START_ARRAY:
                    ArrayNode array = nodes.arrayNode();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        array.add(value(p));
                    }
                    return array;
                case VALUE_STRING:
                    return nodes.textNode(p.getText());
                case VALUE_NUMBER_INT:
                    // As readTree: the smallest of int, long and BigInteger that holds it.
                    return switch (p.getNumberType()) {
                        case INT -> nodes.numberNode(p.getIntValue());
                        case LONG -> nodes.numberNode(p.getLongValue());
                        default -> nodes.numberNode(p.getBigIntegerValue());
                    };
                case VALUE_NUMBER_FLOAT:
                    // As readTree without USE_BIG_DECIMAL_FOR_FLOATS: a double (JSON text has no float32).
                    return p.getNumberTypeFP() == JsonParser.NumberTypeFP.BIG_DECIMAL
                            ? nodes.numberNode(p.getDecimalValue()) : nodes.numberNode(p.getDoubleValue());
                case VALUE_TRUE:
                    return nodes.booleanNode(true);
                case VALUE_FALSE:
                    return nodes.booleanNode(false);
                case VALUE_NULL:
                    return nodes.nullNode();
                default:
                    throw new JsonParseException(p, "unexpected token " + token);
            }
        }

        private ObjectNode object(JsonParser p) throws IOException {
            ObjectNode object = nodes.objectNode();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken token = p.nextToken();
                if (unread.contains(name)) {
                    p.skipChildren();
                } else if (token == JsonToken.START_ARRAY && lastOnly.contains(name)) {
                    object.replace(name, lastElement(p));
                } else {
                    object.replace(name, value(p));
                }
            }
            return object;
        }

        /** Skips every element, then builds the last one alone from its bytes. */
        private ArrayNode lastElement(JsonParser p) throws IOException {
            long lastStart = -1;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                lastStart = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
            }
            ArrayNode array = nodes.arrayNode(1);
            if (lastStart >= 0) {
                // Up to the array's ']' there is only the element and whitespace, both already checked.
                byte[] element = Arrays.copyOfRange(body, (int) lastStart, (int) p.currentTokenLocation().getByteOffset());
                try (JsonParser elementParser = MAPPER.createParser(element)) {
                    elementParser.nextToken();
                    array.add(new TreeBuilder(element, unread, lastOnly).value(elementParser));
                }
            }
            return array;
        }
    }

    /** The shared mapper (thread-safe), for callers that need to write JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String path() {
        if (parent == null) {
            return rootPath;
        }
        StringBuilder p = new StringBuilder(parent.path());
        if (keys == null) {
            p.append('[').append(index).append(']');
        } else {
            for (String key : keys) {
                p.append('.').append(key);
            }
        }
        return p.toString();
    }

    public JsonNode node() {
        return node;
    }

    /** The child at {@code keys}; a missing child is a payload whose {@link #isPresent()} is false. */
    public JsonPayload at(String... keys) {
        return new JsonPayload(walk(node, keys), null, this, keys, -1);
    }

    /** Element {@code i} of this array; a missing element is a payload whose {@link #isPresent()} is false. */
    public JsonPayload element(int i) {
        return new JsonPayload(node == null ? null : node.get(i), null, this, null, i);
    }

    private static JsonNode walk(JsonNode from, String... keys) {
        JsonNode current = from;
        for (String key : keys) {
            if (current == null) {
                return null;
            }
            current = current.get(key);
        }
        return current;
    }

    /** True when the node exists and is not JSON null. */
    public boolean isPresent() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    public boolean has(String... keys) {
        return at(keys).isPresent();
    }

    /** A required object. */
    public JsonPayload requireObject(String... keys) throws MalformedWebhookException {
        JsonPayload child = at(keys);
        if (!child.isPresent()) {
            throw new MalformedWebhookException(child.path(), "missing");
        }
        if (!child.node.isObject()) {
            throw new MalformedWebhookException(child.path(), "expected an object, got " + typeOf(child.node));
        }
        return child;
    }

    /** A required non-blank string; numbers are accepted and printed as ids are (no decimals for integers). */
    public String requireText(String... keys) throws MalformedWebhookException {
        JsonPayload child = at(keys);
        String value = child.textOrNull();
        if (value == null) {
            if (child.isPresent() && !child.node.isValueNode()) {
                throw new MalformedWebhookException(child.path(), "expected a string, got " + typeOf(child.node));
            }
            throw new MalformedWebhookException(child.path(), "missing");
        }
        if (value.isBlank()) {
            throw new MalformedWebhookException(child.path(), "must not be blank");
        }
        return value;
    }

    /** An optional string (numbers and booleans as text); null when absent, null or blank. */
    public String text(String... keys) {
        String value = textOrNull(walk(node, keys));
        return value == null || value.isBlank() ? null : value;
    }

    /** An optional boolean; {@code fallback} when absent or not a boolean. */
    public boolean bool(boolean fallback, String... keys) {
        JsonPayload child = at(keys);
        if (!child.isPresent()) {
            return fallback;
        }
        if (child.node.isBoolean()) {
            return child.node.booleanValue();
        }
        if (child.node.isTextual()) {
            String t = child.node.textValue().trim();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return fallback;
    }

    /** An optional time: ISO-8601 (0-9 fraction digits, Z or offset), epoch seconds as number or string. */
    public Optional<Instant> instant(String... keys) throws MalformedWebhookException {
        JsonPayload child = at(keys);
        if (!child.isPresent()) {
            return Optional.empty();
        }
        if (child.node.isNumber()) {
            if (child.node.isFloatingPointNumber() && !Double.isFinite(child.node.doubleValue())) {
                // Jackson reads 1e99999999 as an infinite double.
                throw new MalformedWebhookException(child.path(), "epoch seconds out of range: " + child.node.asText());
            }
            try {
                return Optional.of(Timestamps.fromEpochSeconds(child.node.decimalValue()));
            } catch (IllegalArgumentException e) {
                throw new MalformedWebhookException(child.path(), e.getMessage());
            }
        }
        if (child.node.isTextual()) {
            String text = child.node.textValue();
            if (text.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Timestamps.parse(text));
            } catch (IllegalArgumentException e) {
                throw new MalformedWebhookException(child.path(), e.getMessage());
            }
        }
        throw new MalformedWebhookException(child.path(), "expected a timestamp, got " + typeOf(child.node));
    }

    /** Elements of an optional array (empty when absent); a non-array is malformed. */
    public List<JsonPayload> array(String... keys) throws MalformedWebhookException {
        JsonPayload child = at(keys);
        if (!child.isPresent()) {
            return List.of();
        }
        if (!child.node.isArray()) {
            throw new MalformedWebhookException(child.path(), "expected an array, got " + typeOf(child.node));
        }
        List<JsonPayload> elements = new ArrayList<>(child.node.size());
        for (int i = 0; i < child.node.size(); i++) {
            elements.add(child.element(i));
        }
        return elements;
    }

    /** Strings of an optional array of strings (non-string elements printed as text; nulls skipped). */
    public List<String> textArray(String... keys) throws MalformedWebhookException {
        List<String> values = new ArrayList<>();
        for (JsonPayload element : array(keys)) {
            String value = element.textOrNull();
            if (value != null && !value.isBlank()) {
                values.add(value);
            }
        }
        return values;
    }

    /** String entries of an optional object ({@code labels}, {@code annotations}); values as text. */
    public Map<String, String> textMap(String... keys) throws MalformedWebhookException {
        JsonPayload child = at(keys);
        Map<String, String> map = new TreeMap<>();
        if (!child.isPresent()) {
            return map;
        }
        if (!child.node.isObject()) {
            throw new MalformedWebhookException(child.path(), "expected an object, got " + typeOf(child.node));
        }
        for (Map.Entry<String, JsonNode> e : child.node.properties()) {
            JsonNode v = e.getValue();
            if (v != null && v.isValueNode() && !v.isNull()) {
                map.put(e.getKey(), v.asText());
            }
        }
        return map;
    }

    private String textOrNull() {
        return textOrNull(node);
    }

    private static String textOrNull(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        return null;
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return path() + "=" + node;
    }
}
