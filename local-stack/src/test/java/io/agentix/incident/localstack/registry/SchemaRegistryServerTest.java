package io.agentix.incident.localstack.registry;

import static io.agentix.incident.localstack.registry.AvroSchemaStrings.aRecord;
import static io.agentix.incident.localstack.registry.RegistryHttpClient.schemaRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;
import io.agentix.incident.localstack.registry.RegistryHttpClient.Reply;

/** The REST contract, endpoint by endpoint and error code by error code, over real HTTP and a real broker. */
class SchemaRegistryServerTest {

    private static final String V1 = aRecord("Alert").withField("id", "string").json();
    /** V1 plus an optional field: a backward and forward compatible change. */
    private static final String V2 = aRecord("Alert").withField("id", "string").withOptionalString("note").json();
    /** V1 plus a required field: new readers cannot read V1 data, so not backward compatible. */
    private static final String V1_PLUS_REQUIRED = aRecord("Alert").withField("id", "string").withField("tenant", "string").json();
    /** V2 without its required "id": old readers cannot read its data, so not forward compatible. */
    private static final String V2_WITHOUT_ID = aRecord("Alert").withOptionalString("note").json();

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer server;
    private static RegistryHttpClient registry;

    private String subject;

    @BeforeAll
    static void startRegistry() {
        broker = EmbeddedKafkaBroker.ephemeral().start();
        server = SchemaRegistryServer.start(new SchemaRegistryServer.Config(broker.bootstrapServers(), "localhost", 0, "_schemas"));
        registry = new RegistryHttpClient(server.url());
    }

    @AfterAll
    static void stopRegistry() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void nameSubjectAfterTest(TestInfo test) {
        subject = test.getTestMethod().orElseThrow().getName() + "-value";
    }

    @AfterEach
    void restoreDefaultGlobalLevel() {
        assertThat(registry.delete("/config").status()).isEqualTo(200);
    }

    @Test
    void registersSchemaAndServesItByIdAndBySubjectVersion() {
        int id = registry.register(subject, V1);

        Reply byId = registry.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new Schema.Parser().parse(byId.json().path("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));

        Reply version = registry.get("/subjects/" + subject + "/versions/1");
        assertThat(version.json().path("subject").asText()).isEqualTo(subject);
        assertThat(version.json().path("version").asInt()).isEqualTo(1);
        assertThat(version.json().path("id").asInt()).isEqualTo(id);
        assertThat(version.json().path("schema").asText()).isEqualTo(byId.json().path("schema").asText());
    }

    @Test
    void servesRawSchemaJsonByIdAndByVersion() {
        int id = registry.register(subject, V1);

        Reply byId = registry.get("/schemas/ids/" + id + "/schema");
        Reply byVersion = registry.get("/subjects/" + subject + "/versions/latest/schema");

        assertThat(byId.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(byId.body())).isEqualTo(new Schema.Parser().parse(V1));
        assertThat(byVersion.body()).isEqualTo(byId.body());
    }

    @Test
    void registeringTheSameSchemaAgainReturnsTheSameIdEvenWhenWrittenDifferently() {
        int id = registry.register(subject, aRecord("Alert").withField("id", "string").json());

        int again = registry.register(subject, aRecord("Alert").withField("id", "string").reformatted());

        assertThat(again).isEqualTo(id);
        assertThat(registry.get("/subjects/" + subject + "/versions").json()).hasSize(1);
    }

    @Test
    void sameSchemaInAnotherSubjectGetsTheSameGlobalId() {
        int id = registry.register(subject, V1);

        int inOtherSubject = registry.register(subject + "-copy", V1);

        assertThat(inOtherSubject).isEqualTo(id);
        Reply versions = registry.get("/schemas/ids/" + id + "/versions");
        assertThat(versions.json().toString()).contains("{\"subject\":\"" + subject + "\",\"version\":1}",
                "{\"subject\":\"" + subject + "-copy\",\"version\":1}");
        assertThat(registry.get("/schemas/ids/" + id + "/subjects").json().toString())
                .contains("\"" + subject + "\"", "\"" + subject + "-copy\"");
    }

    @Test
    void newSchemasGetNewIdsAndTheNextVersion() {
        int first = registry.register(subject, V1);
        int second = registry.register(subject, V2);

        assertThat(second).isGreaterThan(first);
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(registry.get("/subjects/" + subject + "/versions/latest").json().path("id").asInt()).isEqualTo(second);
        assertThat(registry.get("/subjects/" + subject + "/versions/-1").json().path("version").asInt()).isEqualTo(2);
        assertThat(registry.get("/subjects").json().toString()).contains("\"" + subject + "\"");
    }

    @Test
    void looksUpWhichVersionHoldsASchema() {
        int id = registry.register(subject, V1);
        registry.register(subject, V2);

        Reply found = registry.post("/subjects/" + subject, schemaRequest(aRecord("Alert").withField("id", "string").reformatted()));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("subject").asText()).isEqualTo(subject);
        assertThat(found.json().path("version").asInt()).isEqualTo(1);
        assertThat(found.json().path("id").asInt()).isEqualTo(id);
        assertThat(found.json().path("schema").isTextual()).isTrue();
    }

    @Test
    void lookupOfASchemaTheSubjectDoesNotHoldAnswers40403() {
        registry.register(subject, V1);

        Reply reply = registry.post("/subjects/" + subject, schemaRequest(V2));

        assertError(reply, 404, 40403);
    }

    @Test
    void unknownSubjectAnswers40401Everywhere() {
        String unknown = "/subjects/" + subject;

        assertError(registry.post(unknown, schemaRequest(V1)), 404, 40401);
        assertError(registry.get(unknown + "/versions"), 404, 40401);
        assertError(registry.get(unknown + "/versions/1"), 404, 40401);
        assertError(registry.get(unknown + "/versions/latest"), 404, 40401);
        assertError(registry.delete(unknown), 404, 40401);
        assertThat(registry.get(unknown + "/versions").message()).contains(subject);
    }

    @Test
    void unknownVersionAnswers40402() {
        registry.register(subject, V1);

        assertError(registry.get("/subjects/" + subject + "/versions/2"), 404, 40402);
        assertError(registry.get("/subjects/" + subject + "/versions/2/schema"), 404, 40402);
    }

    @Test
    void invalidVersionAnswers42202() {
        registry.register(subject, V1);

        for (String version : List.of("0", "-2", "abc", "1.5", "99999999999")) {
            assertError(registry.get("/subjects/" + subject + "/versions/" + version), 422, 42202);
        }
    }

    @Test
    void unknownSchemaIdAnswers40403() {
        assertError(registry.get("/schemas/ids/987654"), 404, 40403);
        assertError(registry.get("/schemas/ids/987654/schema"), 404, 40403);
        assertError(registry.get("/schemas/ids/not-a-number"), 404, 40403);
    }

    @Test
    void invalidAvroAnswers42201() {
        Reply notJson = registry.post("/subjects/" + subject + "/versions", schemaRequest("{not avro"));
        Reply noFields = registry.post("/subjects/" + subject + "/versions", schemaRequest("{\"type\":\"record\",\"name\":\"X\"}"));
        Reply badDefault = registry.post("/subjects/" + subject + "/versions", schemaRequest(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}"));
        Reply noSchema = registry.post("/subjects/" + subject + "/versions", "{\"schemaType\":\"AVRO\"}");

        assertError(notJson, 422, 42201);
        assertError(noFields, 422, 42201);
        assertError(badDefault, 422, 42201);
        assertError(noSchema, 422, 42201);
        assertThat(noSchema.message()).contains("\"schema\"");
        assertError(registry.get("/subjects/" + subject + "/versions"), 404, 40401);
    }

    @Test
    void nonAvroSchemaTypeAnswers42201NamingTheType() {
        Reply reply = registry.post("/subjects/" + subject + "/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertError(reply, 422, 42201);
        assertThat(reply.message()).contains("PROTOBUF");
    }

    @Test
    void acceptsExplicitAvroTypeAndEmptyReferences() {
        Reply reply = registry.post("/subjects/" + subject + "/versions",
                "{\"schemaType\":\"AVRO\",\"references\":[],\"schema\":" + quoted(V1) + "}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("id").asInt()).isPositive();
    }

    @Test
    void schemaReferencesAnswer42201() {
        Reply reply = registry.post("/subjects/" + subject + "/versions", "{\"schema\":" + quoted(V1)
                + ",\"references\":[{\"name\":\"io.agentix.Other\",\"subject\":\"other\",\"version\":1}]}");

        assertError(reply, 422, 42201);
        assertThat(reply.message()).contains("references");
    }

    @Test
    void rejectsBackwardIncompatibleSchemaByDefault() {
        registry.register(subject, V1);

        Reply reply = registry.post("/subjects/" + subject + "/versions", schemaRequest(V1_PLUS_REQUIRED));

        assertError(reply, 409, 409);
        assertThat(reply.message())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\", details: [")
                .contains("tenant")
                .contains("BACKWARD");
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void acceptsBackwardCompatibleEvolution() {
        registry.register(subject, V1);

        assertThat(registry.post("/subjects/" + subject + "/versions", schemaRequest(V2)).status()).isEqualTo(200);
    }

    @Test
    void subjectLevelOverridesTheGlobalLevel() {
        registry.register(subject, V1);
        assertThat(registry.put("/config/" + subject, "{\"compatibility\":\"NONE\"}").json().path("compatibility").asText())
                .isEqualTo("NONE");

        assertThat(registry.post("/subjects/" + subject + "/versions", schemaRequest(V1_PLUS_REQUIRED)).status()).isEqualTo(200);
        assertThat(registry.get("/config/" + subject).json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(registry.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void fullLevelOnASubjectRejectsWhatBackwardAccepts() {
        String other = subject + "-backward";
        registry.register(subject, V2);
        registry.register(other, V2);
        registry.put("/config/" + subject, "{\"compatibility\":\"FULL\"}");

        assertError(registry.post("/subjects/" + subject + "/versions", schemaRequest(V2_WITHOUT_ID)), 409, 409);
        assertThat(registry.post("/subjects/" + other + "/versions", schemaRequest(V2_WITHOUT_ID)).status()).isEqualTo(200);
    }

    @Test
    void globalLevelGovernsSubjectsWithoutTheirOwn() {
        registry.register(subject, V2);

        Reply put = registry.put("/config", "{\"compatibility\":\"FULL\"}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("compatibility").asText()).isEqualTo("FULL");
        assertThat(registry.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
        assertError(registry.post("/subjects/" + subject + "/versions", schemaRequest(V2_WITHOUT_ID)), 409, 409);
    }

    @Test
    void resettingTheGlobalLevelReturnsToBackward() {
        registry.put("/config", "{\"compatibility\":\"forward_transitive\"}");

        Reply reset = registry.delete("/config");

        assertThat(reset.json().path("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
        assertThat(registry.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void subjectWithoutItsOwnLevelAnswers40408UnlessAskedForTheGlobalDefault() {
        assertError(registry.get("/config/" + subject), 404, 40408);
        assertThat(registry.get("/config/" + subject).message())
                .isEqualTo("Subject '" + subject + "' does not have subject-level compatibility configured");
        assertThat(registry.get("/config/" + subject + "?defaultToGlobal=true").json().path("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void deletingASubjectLevelFallsBackToTheGlobalOne() {
        registry.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");

        Reply deleted = registry.delete("/config/" + subject);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertError(registry.get("/config/" + subject), 404, 40408);
        assertError(registry.delete("/config/" + subject), 404, 40408);
    }

    @Test
    void invalidCompatibilityLevelAnswers42203() {
        assertError(registry.put("/config", "{\"compatibility\":\"SOMETIMES\"}"), 422, 42203);
        assertError(registry.put("/config/" + subject, "{\"compatibility\":\"SOMETIMES\"}"), 422, 42203);
        assertError(registry.put("/config/" + subject, "{}"), 422, 42203);
        assertThat(registry.put("/config", "{\"compatibility\":\"SOMETIMES\"}").message()).contains("SOMETIMES", "FULL_TRANSITIVE");
        assertThat(registry.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void compatibilityCheckAnswersWithoutRegistering() {
        registry.register(subject, V1);
        String path = "/compatibility/subjects/" + subject + "/versions/latest";

        Reply compatible = registry.post(path, schemaRequest(V2));
        Reply incompatible = registry.post(path, schemaRequest(V1_PLUS_REQUIRED));
        Reply verbose = registry.post(path + "?verbose=true", schemaRequest(V1_PLUS_REQUIRED));

        assertThat(compatible.json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.json().toString()).isEqualTo("{\"is_compatible\":false}");
        assertThat(verbose.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().path("messages").toString()).contains("tenant");
        assertThat(registry.post("/compatibility/subjects/" + subject + "/versions/1", schemaRequest(V2))
                .json().path("is_compatible").asBoolean()).isTrue();
        assertThat(registry.post("/compatibility/subjects/" + subject + "/versions", schemaRequest(V1_PLUS_REQUIRED))
                .json().path("is_compatible").asBoolean()).isFalse();
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void compatibilityCheckNamesUnknownSubjectsAndVersions() {
        assertThat(registry.post("/compatibility/subjects/" + subject + "/versions/latest", schemaRequest(V1))
                .json().path("is_compatible").asBoolean()).isTrue();
        assertError(registry.post("/compatibility/subjects/" + subject + "/versions/1", schemaRequest(V1)), 404, 40401);
        registry.register(subject, V1);
        assertError(registry.post("/compatibility/subjects/" + subject + "/versions/7", schemaRequest(V1)), 404, 40402);
        assertError(registry.post("/compatibility/subjects/" + subject + "/versions/x", schemaRequest(V1)), 422, 42202);
        assertError(registry.post("/compatibility/subjects/" + subject + "/versions/1", schemaRequest("nope")), 422, 42201);
    }

    @Test
    void deletingAVersionHidesItButKeepsItsId() {
        int id = registry.register(subject, V1);
        registry.register(subject, V2);

        Reply deleted = registry.delete("/subjects/" + subject + "/versions/1");

        assertThat(deleted.body()).isEqualTo("1");
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        assertError(registry.get("/subjects/" + subject + "/versions/1"), 404, 40402);
        assertThat(registry.get("/subjects/" + subject + "/versions/1?deleted=true").json().path("id").asInt()).isEqualTo(id);
        assertThat(registry.get("/schemas/ids/" + id).status()).isEqualTo(200);
    }

    @Test
    void deletingASubjectAnswersItsVersionsAndReRegisteringContinuesTheNumbering() {
        int id = registry.register(subject, V1);
        registry.register(subject, V2);

        Reply deleted = registry.delete("/subjects/" + subject);

        assertThat(deleted.json().toString()).isEqualTo("[1,2]");
        assertThat(registry.get("/subjects").json().toString()).doesNotContain("\"" + subject + "\"");
        assertThat(registry.get("/subjects?deleted=true").json().toString()).contains("\"" + subject + "\"");
        assertError(registry.get("/subjects/" + subject + "/versions"), 404, 40401);
        assertThat(registry.register(subject, V1)).isEqualTo(id);
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[3]");
    }

    @Test
    void permanentDeletionIsRefused() {
        registry.register(subject, V1);

        assertError(registry.delete("/subjects/" + subject + "?permanent=true"), 400, 400);
        assertThat(registry.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void answersTheProbesToolsSend() {
        assertThat(registry.get("/").body()).isEqualTo("{}");
        assertThat(registry.get("/mode").json().toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(registry.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void unknownRouteAnswers404AndWrongMethod405() {
        assertError(registry.get("/no/such/thing"), 404, 404);
        assertError(registry.delete("/schemas/ids/1"), 405, 405);
        assertThat(registry.send("PATCH", "/subjects", "{}", RegistryHttpClient.REGISTRY_JSON).errorCode()).isEqualTo(405);
    }

    @Test
    void malformedJsonAnswers400NamingTheProblem() {
        Reply reply = registry.post("/subjects/" + subject + "/versions", "{\"schema\": ");
        Reply notAnObject = registry.post("/subjects/" + subject + "/versions", "[1]");
        Reply empty = registry.post("/subjects/" + subject + "/versions", "");

        assertError(reply, 400, 400);
        assertThat(reply.message()).contains("Malformed JSON").contains("line 1");
        assertError(notAnObject, 400, 400);
        assertError(empty, 400, 400);
    }

    @Test
    void acceptsPlainJsonAndOctetStreamAndRefusesOtherContentTypes() {
        String path = "/subjects/" + subject + "/versions";

        assertThat(registry.send("POST", path, schemaRequest(V1), "application/json; charset=utf-8").status()).isEqualTo(200);
        assertThat(registry.send("POST", path, schemaRequest(V1), "application/octet-stream").status()).isEqualTo(200);
        assertError(registry.send("POST", path, schemaRequest(V1), "text/plain"), 415, 415);
    }

    @Test
    void subjectNamesAreUrlDecoded() {
        String encoded = subject + "%20with%2Fslash+plus";

        int id = registry.register(encoded, V1);

        assertThat(registry.get("/subjects").json().toString()).contains("\"" + subject + " with/slash+plus\"");
        assertThat(registry.get("/subjects/" + encoded + "/versions/1").json().path("id").asInt()).isEqualTo(id);
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(reply.errorCode()).as("error_code of %s", reply.body()).isEqualTo(errorCode);
        assertThat(reply.message()).isNotBlank();
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
