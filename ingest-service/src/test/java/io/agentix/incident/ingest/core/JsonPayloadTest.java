package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JsonPayloadTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unreadFieldsAreLeftOutAtAnyDepthAndEverythingElseIsKept() throws Exception {
        JsonPayload body = JsonPayload.parse(json("""
                {"data": {"event": {"title": "Boom", "breadcrumbs": {"values": [{"message": "x"}]},
                  "exception": {"values": [{"type": "E", "stacktrace": {"frames": [
                    {"function": "f", "lineno": 3, "vars": {"a": 1}, "pre_context": ["l1", "l2"]}]}}]},
                  "tags": [], "empty": {}}}}"""), Set.of("breadcrumbs", "vars", "pre_context"));

        JsonPayload event = body.at("data", "event");
        assertThat(event.text("title")).isEqualTo("Boom");
        assertThat(event.has("breadcrumbs")).isFalse();
        JsonPayload frame = event.array("exception", "values").get(0).array("stacktrace", "frames").get(0);
        assertThat(frame.text("function")).isEqualTo("f");
        assertThat(frame.text("lineno")).isEqualTo("3");
        assertThat(frame.has("vars")).isFalse();
        assertThat(frame.has("pre_context")).isFalse();
        assertThat(event.node().get("tags").isArray()).isTrue();
        assertThat(event.node().get("empty").isObject()).isTrue();
    }

    @Test
    void brokenJsonInsideAnUnreadFieldIsStillMalformed() {
        assertThatThrownBy(() -> JsonPayload.parse(json("{\"breadcrumbs\": {\"a\" 1}, \"title\": \"t\"}"),
                Set.of("breadcrumbs")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonPayload.parse(json("{\"breadcrumbs\": [1, 2}"), Set.of("breadcrumbs")))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void trailingContentAndNonObjectsAreMalformedWithOrWithoutUnreadFields() {
        for (Set<String> unread : java.util.List.of(Set.<String>of(), Set.of("x"))) {
            assertThatThrownBy(() -> JsonPayload.parse(json("{\"a\": 1} {\"b\": 2}"), unread))
                    .hasMessageContaining("trailing content");
            assertThatThrownBy(() -> JsonPayload.parse(json("[1]"), unread))
                    .hasMessageContaining("expected a JSON object, got array");
        }
    }
}
