package io.agentix.incident.escalation.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A mapping node of the policy with its keys checked: no duplicates, none outside the allowed set
 * (with a "did you mean"), and required keys reported against the mapping itself.
 */
final class YamlMap {

    private final PolicyErrors errors;
    private final String path;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(PolicyErrors errors, String path, MappingNode node) {
        this.errors = errors;
        this.path = path;
        this.node = node;
    }

    /**
     * @param path where the mapping is, for messages ("severities.P1"); empty for the top level
     * @param allowed every key the mapping may have
     */
    static YamlMap of(PolicyErrors errors, String path, Node node, Collection<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw errors.at(node, "expected a mapping (key: value) for " + describe(path) + ", found " + kind(node));
        }
        YamlMap map = new YamlMap(errors, path, mapping);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw errors.at(keyNode, "expected a plain key in " + describe(path) + ", found " + kind(keyNode));
            }
            String key = scalarKey.getValue();
            NodeTuple earlier = map.entries.get(key);
            if (earlier != null) {
                throw errors.at(keyNode, "duplicate key '" + key + "' in " + describe(path) + " (first at line "
                        + (earlier.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
            if (!allowed.contains(key)) {
                throw errors.at(keyNode, "unknown key '" + key + "' in " + describe(path)
                        + Suggestions.didYouMean(key, allowed) + "; allowed: " + String.join(", ", allowed));
            }
            map.entries.put(key, tuple);
        }
        return map;
    }

    /** The mapping's entries without key checks, for mappings keyed by names (roles, templates, severities). */
    static Map<String, NodeTuple> entries(PolicyErrors errors, String path, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw errors.at(node, "expected a mapping (key: value) for " + describe(path) + ", found " + kind(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw errors.at(keyNode, "expected a plain key in " + describe(path) + ", found " + kind(keyNode));
            }
            NodeTuple earlier = entries.putIfAbsent(scalarKey.getValue(), tuple);
            if (earlier != null) {
                throw errors.at(keyNode, "duplicate key '" + scalarKey.getValue() + "' in " + describe(path)
                        + " (first at line " + (earlier.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
        return entries;
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    /** Path of a child key, for messages. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return optional(key).isPresent();
    }

    /** The value of a key that must be present and not null. */
    Node required(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            throw errors.at(node, "missing required key '" + key + "' in " + describe(path));
        }
        if (isNull(tuple.getValueNode())) {
            throw errors.at(tuple.getValueNode(), "'" + pathOf(key) + "' must not be empty");
        }
        return tuple.getValueNode();
    }

    /** The value of a key, absent when missing or explicitly null ({@code ~}, {@code null}, nothing). */
    Optional<Node> optional(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** The key node of a present key (to point at it). */
    Node keyNode(String key) {
        return entries.get(key).getKeyNode();
    }

    Set<String> keys() {
        return entries.keySet();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String kind(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> isNull(node) ? "nothing" : "a single value";
            case sequence -> "a list";
            case mapping -> "a mapping";
            case anchor -> "an anchor";
        };
    }

    static String describe(String path) {
        return path.isEmpty() ? "the policy" : path;
    }

    static List<String> sorted(Collection<String> names) {
        return names.stream().sorted().toList();
    }
}
