package io.agentix.incident.localstack.registry;

import static io.agentix.incident.localstack.registry.AvroSchemaStrings.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentix.incident.registry.CompatibilityLevel;

/** The registry's rules without Kafka: writes go straight into the state, and are recorded. */
class SchemaRegistryTest {

    private static final String V1 = aRecord("Alert").withField("id", "string").json();
    private static final String V2 = aRecord("Alert").withField("id", "string").withOptionalString("note").json();
    private static final String V3 = aRecord("Alert").withField("id", "string").withOptionalString("note")
            .withOptionalString("tenant").json();
    private static final String WITHOUT_ID = aRecord("Alert").withOptionalString("note").json();

    private final RegistryState state = new RegistryState();
    private final List<StoreRecords.Update> written = new ArrayList<>();
    private final SchemaRegistry registry = new SchemaRegistry(state, (key, value) -> {
        StoreRecords.Update update = StoreRecords.decode(key, value);
        written.add(update);
        state.apply(update);
    });

    @Test
    void reRegisteringTheSameSchemaWritesNothing() {
        int id = registry.register("s", V1);
        int writes = written.size();

        assertThat(registry.register("s", aRecord("Alert").withField("id", "string").reformatted())).isEqualTo(id);
        assertThat(written).hasSize(writes);
    }

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        int v1 = registry.register("a", V1);
        int v2 = registry.register("a", V2);
        int v2InB = registry.register("b", V2);

        assertThat(List.of(v1, v2, v2InB)).containsExactly(1, 2, 2);
        assertThat(registry.version("b", VersionId.LATEST, false).version()).isEqualTo(1);
        assertThat(registry.register("b", V3)).isEqualTo(3);
    }

    @Test
    void transitiveLevelChecksEveryEarlierVersion() {
        String noteWithDefault = aRecord("Alert").withField("id", "string").withString("note", "").json();
        // Reads data written with noteWithDefault, but not V1's, which lacks "note".
        String noteRequired = aRecord("Alert").withField("id", "string").withField("note", "string").json();
        for (String subject : List.of("backward", "transitive")) {
            registry.register(subject, V1);
            registry.register(subject, noteWithDefault);
        }
        registry.setSubjectLevel("transitive", CompatibilityLevel.BACKWARD_TRANSITIVE);

        assertThat(registry.register("backward", noteRequired)).isPositive();
        assertThatThrownBy(() -> registry.register("transitive", noteRequired))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
    }

    @Test
    void deletedVersionsAreNotCheckedForCompatibility() {
        registry.register("s", V1);
        registry.deleteSubject("s");

        assertThat(registry.register("s", WITHOUT_ID)).isEqualTo(2);
        assertThat(registry.versionNumbers("s", false)).containsExactly(2);
        assertThat(registry.versionNumbers("s", true)).containsExactly(1, 2);
    }

    @Test
    void versionIdsFollowConfluentSyntax() {
        assertThat(VersionId.parse("latest").isLatest()).isTrue();
        assertThat(VersionId.parse("-1").isLatest()).isTrue();
        assertThat(VersionId.parse("2147483647").number()).isEqualTo(Integer.MAX_VALUE);
        for (String invalid : List.of("0", "-2", "", "2147483648", "one")) {
            assertThatThrownBy(() -> VersionId.parse(invalid))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42202));
        }
    }
}
