package io.agentix.incident.escalation.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision code stays pure (STYLE.md): no Kafka, Dropwizard or Jersey type is referenced from the
 * compiled classes of {@code core} and {@code policy}, and {@code core} never reads the wall clock.
 */
class CorePurityTest {

    private static final Path CLASSES = Path.of("target/classes/io/agentix/incident/escalation");
    private static final Path SOURCES = Path.of("src/main/java/io/agentix/incident/escalation/core");
    private static final List<String> FORBIDDEN_TYPES = List.of("org/apache/kafka/", "io/dropwizard/", "jakarta/ws/",
            "org/glassfish/jersey/", "io/confluent/");
    private static final List<String> CLOCK_READS = List.of("Instant.now(", "System.currentTimeMillis(", "System.nanoTime(",
            "Clock.system", "LocalDate.now(", "LocalDateTime.now(", "ZonedDateTime.now(", "OffsetDateTime.now(", "new Date(");

    @Test
    void referencesNoKafkaOrDropwizardType() {
        List<String> violations = new ArrayList<>();
        int referencingEvents = 0;
        for (String pkg : List.of("core", "policy")) {
            List<Path> classes = files(CLASSES.resolve(pkg), ".class");
            assertThat(classes).as("compiled classes of %s", pkg).isNotEmpty();
            for (Path file : classes) {
                // Every type a class refers to is named in its constant pool as an internal name (a/b/C).
                String constantPool = new String(read(file), StandardCharsets.ISO_8859_1);
                if (constantPool.contains("io/agentix/incident/events/")) {
                    referencingEvents++;
                }
                for (String forbidden : FORBIDDEN_TYPES) {
                    if (constantPool.contains(forbidden)) {
                        violations.add(file.getFileName() + " refers to " + forbidden);
                    }
                }
            }
        }
        assertThat(referencingEvents).as("the scan sees the event types the engine does use").isPositive();
        assertThat(violations).isEmpty();
    }

    @Test
    void neverReadsTheWallClock() {
        List<String> violations = new ArrayList<>();
        List<Path> sources = files(SOURCES, ".java");
        assertThat(sources).isNotEmpty();
        for (Path file : sources) {
            String source = new String(read(file), StandardCharsets.UTF_8);
            for (String read : CLOCK_READS) {
                if (source.contains(read)) {
                    violations.add(file.getFileName() + " calls " + read);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.toAbsolutePath(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
