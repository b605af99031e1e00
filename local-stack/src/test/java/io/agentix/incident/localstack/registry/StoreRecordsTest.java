package io.agentix.incident.localstack.registry;

import static io.agentix.incident.localstack.registry.AvroSchemaStrings.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import io.agentix.incident.localstack.registry.StoreRecords.ConfigUpdate;
import io.agentix.incident.localstack.registry.StoreRecords.Ignored;
import io.agentix.incident.localstack.registry.StoreRecords.SchemaUpdate;
import io.agentix.incident.localstack.registry.StoreRecords.UnsupportedSchema;
import io.agentix.incident.registry.CompatibilityLevel;

class StoreRecordsTest {

    private static final Schema ALERT = new Schema.Parser().parse(aRecord("Alert").withField("id", "string").json());

    @Test
    void schemaRecordRoundTripsInConfluentLayout() {
        RegisteredSchema registered = new RegisteredSchema("alerts-value", 3, 7, ALERT, false);

        byte[] key = StoreRecords.schemaKey("alerts-value", 3);
        byte[] value = StoreRecords.schemaValue(registered);

        assertThat(text(key)).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"alerts-value\",\"version\":3,\"magic\":1}");
        assertThat(StoreRecords.decode(key, value)).isEqualTo(new SchemaUpdate("alerts-value", 3, registered));
    }

    @Test
    void configRecordsRoundTripForSubjectAndGlobalLevels() {
        byte[] global = StoreRecords.configKey(null);

        assertThat(text(global)).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(StoreRecords.decode(global, StoreRecords.configValue(CompatibilityLevel.FULL)))
                .isEqualTo(new ConfigUpdate(null, CompatibilityLevel.FULL));
        assertThat(StoreRecords.decode(StoreRecords.configKey("s"), null)).isEqualTo(new ConfigUpdate("s", null));
    }

    @Test
    void tombstoneRemovesAVersion() {
        assertThat(StoreRecords.decode(StoreRecords.schemaKey("s", 1), null)).isEqualTo(new SchemaUpdate("s", 1, null));
    }

    @Test
    void otherConfluentKeyTypesAreIgnored() {
        assertThat(StoreRecords.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null)).isEqualTo(new Ignored("NOOP"));
        assertThat(StoreRecords.decode(bytes("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"), bytes("{\"mode\":\"READWRITE\"}")))
                .isEqualTo(new Ignored("MODE"));
    }

    @Test
    void schemasOfOtherTypesKeepTheirIds() {
        byte[] value = bytes("{\"subject\":\"p\",\"version\":1,\"id\":9,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\"}");

        assertThat(StoreRecords.decode(StoreRecords.schemaKey("p", 1), value))
                .isEqualTo(new UnsupportedSchema("p", 1, 9, "PROTOBUF"));
    }

    @Test
    void undecodableRecordsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> StoreRecords.decode(bytes("nope"), null)).hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> StoreRecords.decode(StoreRecords.schemaKey("s", 1), bytes("{\"subject\":\"s\"}")))
                .hasMessageContaining("\"id\"");
        assertThatThrownBy(() -> StoreRecords.decode(bytes("{\"keytype\":\"SCHEMA\",\"version\":1}"), null))
                .hasMessageContaining("\"subject\"");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
