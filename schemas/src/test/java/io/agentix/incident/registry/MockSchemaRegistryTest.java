package io.agentix.incident.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private static final String SCOPE = "mock-registry-test";

    private static final Schema V1 = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema V2 = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":["null","string"],"default":null}]}""");
    private static final Schema V2_BREAKING = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"string"}]}""");

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void sameScopeIsTheSameRegistryUntilDropped() {
        MockSchemaRegistry registry = MockSchemaRegistry.forUrl("mock://" + SCOPE);
        registry.register("s-value", V1);

        assertThat(MockSchemaRegistry.forScope(SCOPE)).isSameAs(registry);
        MockSchemaRegistry.dropScope(SCOPE);
        assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).isEmpty();
    }

    @Test
    void idsAreGlobalAndTheSameSchemaKeepsItsIdAcrossSubjects() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);

        int v1 = registry.register("a-value", V1);
        int v2 = registry.register("a-value", V2);
        int v1Elsewhere = registry.register("b-value", V1);

        assertThat(v1).isEqualTo(1);
        assertThat(v2).isEqualTo(2);
        assertThat(v1Elsewhere).isEqualTo(v1);
        assertThat(registry.register("a-value", V1)).as("re-registering is idempotent").isEqualTo(v1);
        assertThat(registry.getById(v2)).isEqualTo(V2);
        assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", v2, 2, V2));
        assertThat(registry.lookup("a-value", V1)).isEqualTo(new RegisteredSchema("a-value", v1, 1, V1));
        assertThat(registry.lookup("b-value", V1).version()).isEqualTo(1);
    }

    @Test
    void rejectsABackwardIncompatibleVersionLikeA409() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.register("a-value", V2_BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.isSchemaRejected()).isTrue();
                })
                .hasMessageContaining("schema registry mock://" + SCOPE + ": schema is incompatible with the versions of subject 'a-value'")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT");

        registry.setCompatibility(CompatibilityLevel.NONE);
        assertThat(registry.register("a-value", V2_BREAKING)).isEqualTo(2);
    }

    @Test
    void missingSubjectsSchemasAndIdsAreNotFoundErrors() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.latest("nope-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessage("schema registry mock://" + SCOPE + ": subject 'nope-value' not found (40401)");
        assertThatThrownBy(() -> registry.lookup("a-value", V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("schema not registered under subject 'a-value'");
        assertThatThrownBy(() -> registry.getById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessage("schema registry mock://" + SCOPE + ": schema id 42 not found (40403)");
    }

    @Test
    void scopeMustBeANameAndUrlMustBeMock() {
        assertThatThrownBy(() -> MockSchemaRegistry.forScope(" ")).hasMessageContaining("scope");
        assertThatThrownBy(() -> MockSchemaRegistry.forUrl("http://localhost:8081")).hasMessageContaining("mock://<scope>");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
