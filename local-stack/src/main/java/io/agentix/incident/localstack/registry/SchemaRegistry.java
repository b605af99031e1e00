package io.agentix.incident.localstack.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.Schema;

import io.agentix.incident.registry.CompatibilityLevel;

/**
 * The registry's operations, with Confluent Schema Registry's semantics: global ids shared by
 * every subject that holds the same schema, versions numbered per subject, idempotent
 * registration, compatibility enforced on register, soft deletion.
 *
 * <p>Reads come from the {@link RegistryState}; every change is a record handed to the
 * {@link StoreWriter}, which returns once the state shows it. Changes are serialized by one lock,
 * so the next id and the next version are computed from a state no other change is altering.
 */
final class SchemaRegistry {

    private final RegistryState state;
    private final StoreWriter writer;
    private final Object writeLock = new Object();

    SchemaRegistry(RegistryState state, StoreWriter writer) {
        this.state = Objects.requireNonNull(state, "state");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Registers {@code schemaText} under {@code subject} and returns its global id. A schema the
     * subject already holds returns its id unchanged; a schema another subject holds keeps its id.
     */
    int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        synchronized (writeLock) {
            List<RegisteredSchema> live = state.versions(subject, false);
            for (RegisteredSchema version : live) {
                if (version.canonical().equals(canonical)) {
                    return version.id();
                }
            }
            CompatibilityLevel level = state.effectiveLevel(subject);
            List<String> problems = level.problems(schema, schemas(live));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, level, problems);
            }
            int id = state.idOf(canonical).orElseGet(() -> state.maxId() + 1);
            int version = state.highestVersion(subject) + 1;
            RegisteredSchema registered = new RegisteredSchema(subject, version, id, schema, false);
            writer.write(StoreRecords.schemaKey(subject, version), StoreRecords.schemaValue(registered));
            return id;
        }
    }

    /** The version of {@code subject} that holds {@code schemaText}. */
    RegisteredSchema lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = parse(schemaText).toString();
        List<RegisteredSchema> versions = existingVersions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).canonical().equals(canonical)) {
                return versions.get(i);
            }
        }
        throw RegistryException.schemaNotInSubject(subject);
    }

    RegisteredSchema byId(int id) {
        return state.byId(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /** The (subject, version) pairs that use schema {@code id}. */
    List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        byId(id);
        return state.usesOf(id, includeDeleted);
    }

    List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    List<Integer> versionNumbers(String subject, boolean includeDeleted) {
        return existingVersions(subject, includeDeleted).stream().map(RegisteredSchema::version).toList();
    }

    RegisteredSchema version(String subject, VersionId versionId, boolean includeDeleted) {
        List<RegisteredSchema> versions = existingVersions(subject, includeDeleted);
        if (versionId.isLatest()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> v.version() == versionId.number())
                .findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, versionId.number()));
    }

    /**
     * Why {@code schemaText} could not follow {@code versionId} of {@code subject} under the
     * subject's compatibility level; empty when it could. Checking against "latest" of a subject
     * that has no version yet finds no problem: there is nothing to be incompatible with.
     */
    List<String> compatibilityProblems(String subject, VersionId versionId, String schemaText) {
        Schema schema = parse(schemaText);
        if (versionId.isLatest() && state.versions(subject, false).isEmpty()) {
            return List.of();
        }
        RegisteredSchema against = version(subject, versionId, false);
        return state.effectiveLevel(subject).problems(schema, List.of(against.schema()));
    }

    /** Why {@code schemaText} could not be registered under {@code subject} now; empty when it could. */
    List<String> compatibilityProblems(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        return state.effectiveLevel(subject).problems(schema, schemas(state.versions(subject, false)));
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.subjectLevel(subject);
    }

    void setGlobalLevel(CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        synchronized (writeLock) {
            writer.write(StoreRecords.configKey(null), StoreRecords.configValue(level));
        }
    }

    /** Returns the global level to the default and answers the one it replaced. */
    CompatibilityLevel clearGlobalLevel() {
        synchronized (writeLock) {
            CompatibilityLevel previous = state.globalLevel();
            writer.write(StoreRecords.configKey(null), null);
            return previous;
        }
    }

    void setSubjectLevel(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        synchronized (writeLock) {
            writer.write(StoreRecords.configKey(subject), StoreRecords.configValue(level));
        }
    }

    /** Removes the subject's own level (it follows the global one again) and answers the one removed. */
    CompatibilityLevel clearSubjectLevel(String subject) {
        synchronized (writeLock) {
            CompatibilityLevel previous = state.subjectLevel(subject)
                    .orElseThrow(() -> RegistryException.subjectCompatibilityNotConfigured(subject));
            writer.write(StoreRecords.configKey(subject), null);
            return previous;
        }
    }

    /**
     * Soft-deletes every live version of {@code subject} and answers their numbers. The versions
     * stay in the topic marked deleted: their ids keep resolving for consumers of old records.
     */
    List<Integer> deleteSubject(String subject) {
        synchronized (writeLock) {
            List<Integer> deleted = new ArrayList<>();
            for (RegisteredSchema version : existingVersions(subject, false)) {
                markDeleted(version);
                deleted.add(version.version());
            }
            return deleted;
        }
    }

    /** Soft-deletes one version and answers its number. */
    int deleteVersion(String subject, VersionId versionId) {
        synchronized (writeLock) {
            RegisteredSchema version = version(subject, versionId, false);
            markDeleted(version);
            return version.version();
        }
    }

    private void markDeleted(RegisteredSchema version) {
        writer.write(StoreRecords.schemaKey(version.subject(), version.version()),
                StoreRecords.schemaValue(version.asDeleted()));
    }

    /** The subject's versions, oldest first; throws 40401 when there is none. */
    private List<RegisteredSchema> existingVersions(String subject, boolean includeDeleted) {
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static List<Schema> schemas(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }

    private static Schema parse(String schemaText) {
        try {
            return AvroSchemas.parse(schemaText);
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }
}
