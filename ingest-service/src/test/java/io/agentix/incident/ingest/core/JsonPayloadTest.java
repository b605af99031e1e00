package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

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

    @Test
    void buildsTheSameTreeAsReadTreeWhenNothingIsLeftOut() throws Exception {
        String[] bodies = {
                "{}",
                "{\"a\": 1, \"b\": -2147483649, \"c\": 123456789012345678901234567890, \"d\": 1.5,"
                        + " \"e\": 1732232922.311, \"f\": 1e3, \"g\": -0.0, \"h\": 1e99999999, \"i\": 0}",
                "{\"s\": \"caf\\u00e9 \u63a5\u7d9a \\ud83d\\udea8\", \"t\": true, \"u\": false, \"n\": null,"
                        + " \"e\": \"\", \"esc\": \"a\\\"b\\n\"}",
                "{\"nested\": {\"list\": [1, [2, [3, {}]], [], {\"x\": [null]}], \"o\": {\"p\": {}}}}",
                "{\"dup\": 1, \"dup\": {\"x\": 2}, \"other\": [1], \"dup\": \"last\"}",
                "{\"frames\": {\"not\": \"an array\"}, \"tags\": [[\"k\", \"v\"], [\"k2\", 3]]}",
        };
        for (String body : bodies) {
            JsonNode expected = JsonPayload.mapper().readTree(json(body));
            assertThat(JsonPayload.parse(json(body), Set.of("absent"), Set.of("absent-too")).node())
                    .as(body).isEqualTo(expected);
        }
    }

    @Test
    void lastOnlyArraysKeepTheirLastElementWithItsUnreadFieldsLeftOut() throws Exception {
        JsonPayload body = JsonPayload.parse(json("""
                {"exception": {"values": [{"stacktrace": {"frames": [
                   {"function": "first", "vars": {"a": [1, 2]}},
                   {"function": "second", "frames": [1, 2]},
                   {"function": "raised", "lineno": 42, "vars": {"b": "x"}, "frames": ["p", "q"]}  ]}}]},
                 "empty": {"frames": []}, "scalars": {"frames": [1, "two", null, 2.5]},
                 "notArray": {"frames": {"function": "f"}}, "others": [1, 2, 3]}"""),
                Set.of("vars"), Set.of("frames"));

        List<JsonPayload> frames = body.array("exception", "values").get(0).array("stacktrace", "frames");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).text("function")).isEqualTo("raised");
        assertThat(frames.get(0).text("lineno")).isEqualTo("42");
        assertThat(frames.get(0).has("vars")).isFalse();
        assertThat(frames.get(0).textArray("frames")).containsExactly("q");
        assertThat(body.array("empty", "frames")).isEmpty();
        assertThat(body.at("scalars", "frames").node()).isEqualTo(JsonPayload.mapper().readTree("[2.5]"));
        assertThat(body.at("notArray", "frames").text("function")).isEqualTo("f");
        assertThat(body.textArray("others")).containsExactly("1", "2", "3");
    }

    @Test
    void brokenJsonInAnElementLeftOutOfALastOnlyArrayIsStillMalformed() {
        assertThatThrownBy(() -> JsonPayload.parse(json("{\"frames\": [{\"a\" 1}, {\"b\": 2}]}"),
                Set.of(), Set.of("frames")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonPayload.parse(json("{\"frames\": [\"\\x\", 2]}"), Set.of(), Set.of("frames")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonPayload.parse(json("{\"frames\": [1, 2}"), Set.of(), Set.of("frames")))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void pathsNameEveryKeyAndIndexFromTheRoot() throws Exception {
        JsonPayload body = JsonPayload.parse(json("{\"data\": {\"alerts\": [{}, {\"labels\": {\"a\": [7, \"x\"]}}]}}"));

        JsonPayload second = body.array("data", "alerts").get(1);
        assertThat(second.path()).isEqualTo("$.data.alerts[1]");
        assertThat(second.at("labels", "a").element(1).path()).isEqualTo("$.data.alerts[1].labels.a[1]");
        assertThat(second.at("labels", "a").element(1).text()).isEqualTo("x");
        assertThat(second.at("missing").element(3).isPresent()).isFalse();
        assertThatThrownBy(() -> second.requireText("labels", "b"))
                .hasMessage("$.data.alerts[1].labels.b: missing");
    }
}
