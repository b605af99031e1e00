package io.agentix.incident.events;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;

import io.agentix.incident.registry.CompatibilityLevel;

/**
 * The checks behind {@link ReleasedSchemasCompatibilityTest}, kept apart so they can be tested with
 * deliberately broken schemas: a check that cannot fail protects nothing.
 */
final class ReleasedSchemaCheck {

    /** Released copies, relative to the module directory (surefire's working directory). */
    static final Path RELEASED_DIR = Path.of("src", "test", "resources", "released");
    /** Set to true to (re)write the released copies from the current schemas. */
    static final String UPDATE_PROPERTY = "released.schemas.update";
    static final String UPDATE_COMMAND = "./mvnw -B -ntp -q -pl schemas -am verify -Dtest=ReleasedSchemasCompatibilityTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

    private ReleasedSchemaCheck() {
    }

    /** Why {@code current} cannot read data written with {@code released}; empty when it can. */
    static List<String> compatibilityProblems(Schema current, Schema released) {
        return CompatibilityLevel.BACKWARD.problems(current, List.of(released));
    }

    /** The failure message for {@link #compatibilityProblems}: what broke and how to fix it. */
    static String incompatibilityMessage(String name, Path releasedFile, List<String> problems) {
        return name + " is not BACKWARD compatible with its released schema " + releasedFile
                + ": consumers built with the new schema could not read records already on the topic.\n  - "
                + String.join("\n  - ", problems) + "\n"
                + "How to fix: give every new field a default (optional fields as [\"null\", T] with default null); "
                + "do not remove or rename a field that has no default (add an alias when renaming); "
                + "only add enum symbols to enums that declare a default; do not change a field's type except by "
                + "Avro promotion (int->long->float->double, string<->bytes).\n"
                + "Do NOT edit " + releasedFile + " to make this pass: it is what producers have already written. "
                + "A deliberate breaking change needs a new topic (and subject) and a migration.";
    }

    /** The message for a released copy that is missing. */
    static String missingMessage(String name, Path releasedFile) {
        return "no released schema for " + name + " at " + releasedFile + ". If " + name
                + " is a new event type, create it with:\n  " + UPDATE_COMMAND;
    }

    /**
     * Fields (and named types) without a non-blank doc, as paths such as
     * {@code Incident.postmortem.draftPath}; nested records, arrays, maps and unions are followed.
     */
    static List<String> undocumented(Schema schema) {
        List<String> missing = new ArrayList<>();
        collectUndocumented(schema, schema.getName(), new HashSet<>(), missing);
        return missing;
    }

    /** The failure message for {@link #undocumented}. */
    static String undocumentedMessage(String name, List<String> missing) {
        return name + " has fields or types without documentation: " + missing + ". Add a \"doc\" saying what the "
                + "value means (and its unit or format) to each, in schemas/src/main/avro/" + name
                + ".avsc or the common/ file that defines the nested type. A doc change is compatible; refresh the "
                + "released copies afterwards with:\n  " + UPDATE_COMMAND;
    }

    private static void collectUndocumented(Schema schema, String path, Set<String> seen, List<String> missing) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    missing.add(path + " (record " + schema.getFullName() + ")");
                }
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path + "." + field.name();
                    if (isBlank(field.doc())) {
                        missing.add(fieldPath);
                    }
                    collectUndocumented(field.schema(), fieldPath, seen, missing);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    missing.add(path + " (enum " + schema.getFullName() + ")");
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, path, seen, missing));
            case ARRAY -> collectUndocumented(schema.getElementType(), path + "[]", seen, missing);
            case MAP -> collectUndocumented(schema.getValueType(), path + "{}", seen, missing);
            default -> {
                // primitives and fixed carry no field docs
            }
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
