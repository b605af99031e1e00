package io.agentix.incident.events;

import static io.agentix.incident.events.ReleasedSchemaCheck.RELEASED_DIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.agentix.incident.topics.EventTopic;

/**
 * Every top-level event schema must stay BACKWARD compatible with its released copy under
 * {@code src/test/resources/released/}, so that consumers built from this commit can read every
 * record already on the topics; and every field must say what it means.
 *
 * <p>Run with {@code -Dreleased.schemas.update=true} to (re)write the copies from the current
 * schemas after a release; an incompatible schema is never written.
 */
class ReleasedSchemasCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> eventTypes() {
        return Arrays.stream(EventTopic.values()).map(EventTopic::valueType);
    }

    @Test
    void theEventTypesAreTheTenTopLevelRecords() {
        assertThat(eventTypes().map(Class::getSimpleName)).containsExactlyInAnyOrder("RawWebhook", "RejectedWebhook",
                "AlertEvent", "DeploymentEvent", "IncidentCommand", "Incident", "TimelineEntry", "Escalation",
                "Notification", "NotificationReceipt");
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void currentSchemaReadsEverythingWrittenWithTheReleasedOne(Class<? extends SpecificRecord> type) throws IOException {
        Schema current = SpecificData.get().getSchema(type);
        Path file = RELEASED_DIR.resolve(type.getSimpleName() + ".avsc");
        if (Boolean.getBoolean(ReleasedSchemaCheck.UPDATE_PROPERTY)) {
            update(type.getSimpleName(), current, file);
        }
        if (!Files.exists(file)) {
            fail(ReleasedSchemaCheck.missingMessage(type.getSimpleName(), file));
        }
        List<String> problems = ReleasedSchemaCheck.compatibilityProblems(current, parse(file));
        if (!problems.isEmpty()) {
            fail(ReleasedSchemaCheck.incompatibilityMessage(type.getSimpleName(), file, problems));
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyFieldIsDocumented(Class<? extends SpecificRecord> type) {
        List<String> missing = ReleasedSchemaCheck.undocumented(SpecificData.get().getSchema(type));
        if (!missing.isEmpty()) {
            fail(ReleasedSchemaCheck.undocumentedMessage(type.getSimpleName(), missing));
        }
    }

    @Test
    void everyReleasedFileParsesAndBelongsToAnEventType() throws IOException {
        Set<String> expected = eventTypes().map(Class::getName).collect(Collectors.toSet());
        List<Path> files;
        try (Stream<Path> listing = Files.list(RELEASED_DIR)) {
            files = listing.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        for (Path file : files) {
            Schema released = parse(file);
            assertThat(released.getFullName()).as("record in %s", file).isIn(expected);
            assertThat(file.getFileName().toString()).isEqualTo(released.getName() + ".avsc");
        }
        assertThat(files).hasSameSizeAs(expected);
    }

    private static Schema parse(Path file) throws IOException {
        try {
            // A fresh parser per file: each released copy is self-contained and defines its own named types.
            return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (SchemaParseException e) {
            throw new AssertionError("released schema " + file + " does not parse: " + e.getMessage()
                    + ". Restore it from git; it must be the generated class's getClassSchema().toString(true).", e);
        }
    }

    private static void update(String name, Schema current, Path file) throws IOException {
        if (Files.exists(file)) {
            List<String> problems = ReleasedSchemaCheck.compatibilityProblems(current, parse(file));
            if (!problems.isEmpty()) {
                fail("refusing to update: " + ReleasedSchemaCheck.incompatibilityMessage(name, file, problems));
            }
        }
        Files.createDirectories(file.getParent());
        // "json/pretty": Avro 1.12's replacement for the deprecated getClassSchema().toString(true).
        Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
    }
}
