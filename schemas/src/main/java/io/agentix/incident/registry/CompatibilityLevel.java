package io.agentix.incident.registry;

import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Schema evolution rules with the names and meaning Confluent Schema Registry gives them.
 *
 * <p>BACKWARD: consumers using the new schema can read data written with the previous one (the
 * default, and what this project's build enforces against its released schemas). FORWARD: data
 * written with the new schema can be read with the previous one. FULL: both. The TRANSITIVE
 * variants check against every earlier version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Parses a level name case-insensitively; throws {@link IllegalArgumentException} naming the valid ones. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid compatibility level '" + name + "'; valid levels are "
                    + List.of(values()), e);
        }
    }

    /**
     * Problems that make {@code candidate} unacceptable after {@code earlier} (oldest first); empty
     * when it is compatible. Non-transitive levels look only at the latest earlier version.
     */
    public List<String> problems(Schema candidate, List<Schema> earlier) {
        if (this == NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Schema> toCheck = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> problems = new java.util.ArrayList<>();
        for (Schema previous : toCheck) {
            if (backward) {
                problems.addAll(describe("new schema cannot read data written with an earlier schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous)));
            }
            if (forward) {
                problems.addAll(describe("an earlier schema cannot read data written with the new schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate)));
            }
        }
        return problems;
    }

    public boolean isCompatible(Schema candidate, List<Schema> earlier) {
        return problems(candidate, earlier).isEmpty();
    }

    private static List<String> describe(String direction, SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList();
    }
}
