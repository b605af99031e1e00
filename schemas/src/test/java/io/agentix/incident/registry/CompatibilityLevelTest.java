package io.agentix.incident.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema V1 = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema V2_OPTIONAL_FIELD = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"},
             {"name":"b","type":["null","string"],"default":null}]}""");
    private static final Schema V2_REQUIRED_FIELD = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"string"}]}""");
    private static final Schema V3_DROPS_A = parse("""
            {"type":"record","name":"R","fields":[{"name":"b","type":["null","string"],"default":null}]}""");

    @Test
    void backwardAcceptsAnAddedFieldWithDefault() {
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(V2_OPTIONAL_FIELD, List.of(V1))).isTrue();
    }

    @Test
    void backwardRejectsAnAddedFieldWithoutDefaultAndSaysWhere() {
        assertThat(CompatibilityLevel.BACKWARD.problems(V2_REQUIRED_FIELD, List.of(V1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT").contains("/fields/1");
    }

    @Test
    void forwardRejectsRemovingAFieldWithoutDefault() {
        assertThat(CompatibilityLevel.FORWARD.isCompatible(V3_DROPS_A, List.of(V2_OPTIONAL_FIELD))).isFalse();
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(V3_DROPS_A, List.of(V2_OPTIONAL_FIELD))).isTrue();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionOthersOnlyTheLatest() {
        Schema v1b = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}""");
        // V1 -> v1b is a breaking change, but BACKWARD only compares with the latest (V1 here is older).
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(V1, List.of(v1b, V1))).isTrue();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.isCompatible(V1, List.of(v1b, V1))).isFalse();
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(CompatibilityLevel.NONE.isCompatible(V2_REQUIRED_FIELD, List.of(V1))).isTrue();
    }

    @Test
    void parseNamesTheValidLevels() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BACKWARD");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
