package io.agentix.incident.localstack.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.agentix.incident.registry.CompatibilityLevel;
import io.agentix.incident.localstack.registry.StoreRecords.ConfigUpdate;
import io.agentix.incident.localstack.registry.StoreRecords.SchemaUpdate;
import io.agentix.incident.localstack.registry.StoreRecords.UnsupportedSchema;
import io.agentix.incident.localstack.registry.StoreRecords.Update;

/**
 * The registry's in-memory view of the schemas topic: every subject's versions, the global ids and
 * the compatibility levels. Only the topic reader changes it (through {@link #apply}); request
 * threads read it. Records it has no use for (other key types) change nothing. All methods are synchronized: the data is small and the traffic low.
 */
final class RegistryState {

    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

    private final Map<String, NavigableMap<Integer, RegisteredSchema>> subjects = new HashMap<>();
    private final Map<Integer, RegisteredSchema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    /** Applies one decoded record of the schemas topic. */
    synchronized void apply(Update update) {
        if (update instanceof SchemaUpdate schema) {
            apply(schema);
        } else if (update instanceof UnsupportedSchema unsupported) {
            // The schema is not served, but its id must never be handed out again.
            maxId = Math.max(maxId, unsupported.id());
        } else if (update instanceof ConfigUpdate config) {
            apply(config);
        }
    }

    private void apply(SchemaUpdate update) {
        NavigableMap<Integer, RegisteredSchema> versions = subjects.computeIfAbsent(update.subject(), s -> new TreeMap<>());
        RegisteredSchema registered = update.registered();
        if (registered == null) {
            versions.remove(update.version());
            if (versions.isEmpty()) {
                subjects.remove(update.subject());
            }
            // The id stays known: other subjects may use it, and ids are never handed out twice.
            return;
        }
        versions.put(registered.version(), registered);
        schemasById.putIfAbsent(registered.id(), registered);
        idsByCanonical.putIfAbsent(registered.canonical(), registered.id());
        maxId = Math.max(maxId, registered.id());
    }

    private void apply(ConfigUpdate update) {
        if (update.subject() == null) {
            globalLevel = update.level();
        } else if (update.level() == null) {
            subjectLevels.remove(update.subject());
        } else {
            subjectLevels.put(update.subject(), update.level());
        }
    }

    /** Subjects with at least one version (a live one unless {@code includeDeleted}), sorted. */
    synchronized List<String> subjects(boolean includeDeleted) {
        TreeSet<String> names = new TreeSet<>();
        subjects.forEach((subject, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                names.add(subject);
            }
        });
        return List.copyOf(names);
    }

    /** The subject's versions, oldest first; soft-deleted ones only if {@code includeDeleted}. */
    synchronized List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        List<RegisteredSchema> result = new ArrayList<>();
        for (RegisteredSchema version : subjects.getOrDefault(subject, new TreeMap<>()).values()) {
            if (includeDeleted || !version.deleted()) {
                result.add(version);
            }
        }
        return result;
    }

    /** The highest version number the subject ever had, deleted or not; 0 for a new subject. */
    synchronized int highestVersion(String subject) {
        NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    synchronized Optional<RegisteredSchema> byId(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    synchronized Optional<Integer> idOf(String canonical) {
        return Optional.ofNullable(idsByCanonical.get(canonical));
    }

    /** Every (subject, version) that uses {@code id}, in subject then version order. */
    synchronized List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        List<RegisteredSchema> uses = new ArrayList<>();
        new TreeMap<>(subjects).forEach((subject, versions) -> versions.values().stream()
                .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                .forEach(uses::add));
        return uses;
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    /** The level that governs {@code subject}: its own, else the global one. */
    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
