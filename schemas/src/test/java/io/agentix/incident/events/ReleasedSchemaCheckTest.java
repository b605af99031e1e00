package io.agentix.incident.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ReleasedSchemaCheckTest {

    private static final Schema RELEASED = parse("""
            {"type":"record","name":"Ping","doc":"A ping.","fields":[
              {"name":"id","type":"string","doc":"Ping id."}]}""");

    @Test
    void aNewRequiredFieldIsIncompatibleAndTheMessageSaysHowToFixIt() {
        Schema current = parse("""
                {"type":"record","name":"Ping","doc":"A ping.","fields":[
                  {"name":"id","type":"string","doc":"Ping id."},
                  {"name":"host","type":"string","doc":"Host pinged."}]}""");

        List<String> problems = ReleasedSchemaCheck.compatibilityProblems(current, RELEASED);

        assertThat(problems).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT", "/fields/1");
        assertThat(ReleasedSchemaCheck.incompatibilityMessage("Ping", Path.of("released/Ping.avsc"), problems))
                .contains("Ping is not BACKWARD compatible with its released schema released/Ping.avsc")
                .contains("How to fix: give every new field a default")
                .contains("Do NOT edit released/Ping.avsc");
    }

    @Test
    void aChangedFieldTypeIsIncompatible() {
        Schema current = parse("""
                {"type":"record","name":"Ping","doc":"A ping.","fields":[{"name":"id","type":"int","doc":"Ping id."}]}""");

        assertThat(ReleasedSchemaCheck.compatibilityProblems(current, RELEASED)).singleElement().asString().contains("TYPE_MISMATCH");
    }

    @Test
    void anOptionalNewFieldIsCompatible() {
        Schema current = parse("""
                {"type":"record","name":"Ping","doc":"A ping.","fields":[
                  {"name":"id","type":"string","doc":"Ping id."},
                  {"name":"host","type":["null","string"],"default":null,"doc":"Host pinged."}]}""");

        assertThat(ReleasedSchemaCheck.compatibilityProblems(current, RELEASED)).isEmpty();
    }

    @Test
    void findsUndocumentedFieldsAndTypesAtAnyDepth() {
        Schema schema = parse("""
                {"type":"record","name":"Outer","doc":"Outer.","fields":[
                  {"name":"id","type":"string"},
                  {"name":"inner","type":["null",{"type":"record","name":"Inner","fields":[
                     {"name":"note","type":"string","doc":"  "},
                     {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A"]},"doc":"Kind."}]}],
                   "default":null,"doc":"Inner."},
                  {"name":"tags","type":{"type":"array","items":"Inner"},"doc":"Tags."}]}""");

        assertThat(ReleasedSchemaCheck.undocumented(schema)).containsExactly(
                "Outer.id", "Outer.inner (record Inner)", "Outer.inner.note", "Outer.inner.kind (enum Kind)");
        assertThat(ReleasedSchemaCheck.undocumentedMessage("Outer", List.of("Outer.id")))
                .contains("Add a \"doc\"", "schemas/src/main/avro/Outer.avsc");
        assertThat(ReleasedSchemaCheck.undocumented(RELEASED)).isEmpty();
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
