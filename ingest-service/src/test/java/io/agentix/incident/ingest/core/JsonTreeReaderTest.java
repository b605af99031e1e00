package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The reader against Jackson, on generated documents: whatever it accepts, Jackson accepts and builds
 * the same tree from (node types, values and key order); whatever Jackson rejects, it gives up on.
 */
class JsonTreeReaderTest {

    private static final JsonNodeFactory NODES = JsonPayload.mapper().getNodeFactory();
    private static final Set<String> UNREAD = Set.of("vars", "breadcrumbs", "skipped");
    private static final Set<String> LAST_ONLY = Set.of("frames");
    private static final String[] NAMES = {"a", "title", "frames", "vars", "breadcrumbs", "skipped", "id",
        "filename", "in_app", "caf\u00e9", "\u63a5\u7d9a", "quote\"d", "dup", "dup", "x"};

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode read(byte[] body, Set<String> unread, Set<String> lastOnly) {
        return JsonTreeReader.read(body, new JsonTreeReader.FieldNames(unread, lastOnly), NODES);
    }

    /** Jackson's tree of the same pruning, or null when Jackson rejects the body. */
    private static JsonNode jackson(byte[] body, Set<String> unread, Set<String> lastOnly) {
        try {
            return JsonPayload.readWithJackson(body, unread, lastOnly);
        } catch (MalformedWebhookException e) {
            return null;
        }
    }

    private static void assertSameTree(byte[] body, Set<String> unread, Set<String> lastOnly) {
        JsonNode ours = read(body, unread, lastOnly);
        JsonNode theirs = jackson(body, unread, lastOnly);
        String shown = new String(body, StandardCharsets.UTF_8);
        if (ours == null) {
            return; // given up: Jackson decides, whatever it makes of the body
        }
        if (theirs == null) {
            fail("accepted what Jackson rejects: " + shown + " (" + HexFormat.of().formatHex(body) + ")");
        }
        assertThat(ours).as(shown).isEqualTo(theirs);
        assertThat(ours.toString()).as("key order of " + shown).isEqualTo(theirs.toString());
    }

    @Test
    void buildsJacksonsTreeForGeneratedDocumentsWithAndWithoutPruning() {
        Random random = new Random(20261130);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] body = utf8(new Generator(random).object(0));
            assertThat(read(body, Set.of(), Set.of())).as("a valid document is read").isNotNull();
            assertSameTree(body, Set.of(), Set.of());
            assertSameTree(body, UNREAD, LAST_ONLY);
            assertThat(read(body, Set.of(), Set.of())).isEqualTo(readTree(body));
            accepted++;
        }
        assertThat(accepted).isEqualTo(3_000);
    }

    @Test
    void neverAcceptsWhatJacksonRejectsInMutatedDocuments() {
        Random random = new Random(42);
        byte[] interesting = utf8("{}[],:\"\\0-+eE.1 tfnux/");
        byte[] raw = {0x00, 0x1f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc2, (byte) 0xe0, (byte) 0xed,
            (byte) 0xf0, (byte) 0xf4, (byte) 0xf5, (byte) 0xff};
        int givenUp = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = utf8(new Generator(random).object(0));
            ByteArrayOutputStream mutated = new ByteArrayOutputStream();
            int at = random.nextInt(body.length);
            int kind = random.nextInt(5);
            mutated.write(body, 0, at);
            switch (kind) {
                case 0 -> mutated.write(interesting[random.nextInt(interesting.length)]); // replace
                case 1 -> mutated.write(raw[random.nextInt(raw.length)]); // replace with a raw byte
                case 2 -> { } // delete
                case 3 -> {
                    mutated.write(body[at]); // insert
                    mutated.write(interesting[random.nextInt(interesting.length)]);
                }
                default -> {
                    body = java.util.Arrays.copyOf(body, at); // truncate
                    at = body.length;
                }
            }
            if (at + 1 <= body.length) {
                mutated.write(body, at + 1, body.length - at - 1);
            }
            byte[] candidate = mutated.toByteArray();
            assertSameTree(candidate, Set.of(), Set.of());
            assertSameTree(candidate, UNREAD, LAST_ONLY);
            if (read(candidate, Set.of(), Set.of()) == null) {
                givenUp++;
            }
        }
        assertThat(givenUp).as("most mutations break the document").isGreaterThan(10_000);
    }

    @Test
    void givesUpOnWhatIsNotJson() {
        String[] bodies = {"", "   ", "{", "{\"a\": 1", "{\"a\" 1}", "{\"a\": 1,}", "[1,]", "{\"a\": 01}",
            "{\"a\": -}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": 1e}", "{\"a\": +1}", "{\"a\": NaN}",
            "{\"a\": tru}", "{\"a\": nul}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12g4\"}", "{\"a\": \"tab\there\"}",
            "{'a': 1}", "{a: 1}", "{\"a\": 1} x", "{\"a\": 1}{}", "{\"a\": \"unterminated}"};
        for (String body : bodies) {
            assertThat(read(utf8(body), Set.of(), Set.of())).as(body).isNull();
            assertThat(read(utf8(body), UNREAD, LAST_ONLY)).as(body).isNull();
        }
    }

    @Test
    void givesUpOnBrokenUtf8EvenInsideWhatIsLeftOut() {
        byte[][] sequences = {
            {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
            {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate, U+D800
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xc3}, // truncated
            {(byte) 0x80}, // a lone continuation byte
            {(byte) 0xff},
        };
        for (byte[] sequence : sequences) {
            for (String field : List.of("title", "vars")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(utf8("{\"" + field + "\": \"x"));
                body.writeBytes(sequence);
                body.writeBytes(utf8("y\", \"b\": 1}"));
                assertThat(read(body.toByteArray(), UNREAD, LAST_ONLY))
                        .as(field + " " + HexFormat.of().formatHex(sequence)).isNull();
            }
        }
    }

    @Test
    void leavesToJacksonWhatItAcceptsBeyondTheReadersLimitsAndJsonPayloadStillReadsIt() throws Exception {
        String deep = "{\"a\": " + "[".repeat(JsonTreeReader.MAX_DEPTH + 10) + "1"
                + "]".repeat(JsonTreeReader.MAX_DEPTH + 10) + "}";
        String longNumber = "{\"a\": " + "9".repeat(JsonTreeReader.MAX_NUMBER_LENGTH + 1) + "}";
        String longName = "{\"" + "n".repeat(JsonTreeReader.MAX_NAME_LENGTH + 1) + "\": 1}";
        for (String text : List.of(deep, longNumber, longName)) {
            byte[] body = utf8(text);
            assertThat(read(body, Set.of(), Set.of())).isNull();
            assertThat(JsonPayload.parse(body).node()).isEqualTo(readTree(body));
        }
        byte[] withByteOrderMark = utf8("\ufeff{\"title\": \"t\"}");
        assertThat(read(withByteOrderMark, Set.of(), Set.of())).isNull();
        assertThat(JsonPayload.parse(withByteOrderMark).text("title")).isEqualTo("t");
    }

    @Test
    void readsNumbersAsTheSmallestTypeThatHoldsThemLikeJackson() throws Exception {
        String[] numbers = {"0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "999999999999999999", "-999999999999999999", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.5", "-0.0",
            "1e3", "1E+3", "1e-3", "2.5e-320", "1e99999999", "-1e99999999", "1732232922.311",
            "0.30000000000000004", "123456789012345678901234567890.5"};
        for (String number : numbers) {
            byte[] body = utf8("{\"n\": " + number + ", \"in\": [" + number + "]}");
            JsonNode ours = read(body, Set.of(), Set.of());
            JsonNode theirs = readTree(body);
            assertThat(ours).as(number).isEqualTo(theirs);
            assertThat(ours.get("n").numberType()).as(number).isEqualTo(theirs.get("n").numberType());
        }
    }

    @Test
    void decodesEscapesAndNonAsciiTextLikeJackson() throws Exception {
        String[] strings = {"plain", "caf\u00e9", "\u63a5\u7d9a \ud83d\udea8", "\\\"quoted\\\"", "a\\\\b",
            "\\/slash", "\\b\\f\\n\\r\\t", "\\u00e9\\u63A5", "\\ud83d\\udea8", "\\uD83D\\uDEA8",
            "\u00e9\\n\u63a5", ""};
        for (String string : strings) {
            byte[] body = utf8("{\"" + string + "\": \"" + string + "\"}");
            assertThat(read(body, Set.of(), Set.of())).as(string).isEqualTo(readTree(body));
        }
    }

    @Test
    void leavesLoneSurrogateEscapesToJacksonWhichTakesThemInValuesButNotInNames() {
        for (String lone : List.of("\\ud800", "\\udea8", "\\ud83d\\u0041", "\\ud83d\\ud83d", "\\ud83d")) {
            byte[] inValue = utf8("{\"a\": \"x" + lone + "y\"}");
            byte[] inName = utf8("{\"x" + lone + "y\": 1}");
            assertThat(read(inValue, Set.of(), Set.of())).as(lone).isNull();
            assertThat(read(inName, Set.of(), Set.of())).as(lone).isNull();
            assertThat(jackson(inName, Set.of(), Set.of())).as(lone).isNull();
        }
        assertThat(jackson(utf8("{\"a\": \"x\\ud800y\"}"), Set.of(), Set.of()).get("a").textValue())
                .isEqualTo("x\ud800y");
    }

    @Test
    void invalidBodiesStillGetJacksonsComplaint() {
        assertThatThrownBy(() -> JsonPayload.parse(utf8("{\"a\": 01}")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("Invalid numeric value");
        assertThatThrownBy(() -> JsonPayload.parse(utf8("  ")))
                .hasMessageContaining("empty body");
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JsonPayload.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Random JSON text, written by hand so that spacing, escapes and number forms vary. */
    private static final class Generator {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Generator(Random random) {
            this.random = random;
        }

        String object(int depth) {
            writeObject(depth);
            return out.toString();
        }

        private void space() {
            int r = random.nextInt(8);
            if (r == 0) {
                out.append(' ');
            } else if (r == 1) {
                out.append("\n  ");
            } else if (r == 2) {
                out.append("\t\r\n");
            }
        }

        private void writeObject(int depth) {
            writeContainer(depth, true);
        }

        private void writeContainer(int depth, boolean object) {
            out.append(object ? '{' : '[');
            space();
            int members = random.nextInt(depth > 4 ? 2 : object ? 6 : 5);
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    out.append(',');
                    space();
                }
                if (object) {
                    string(NAMES[random.nextInt(NAMES.length)]);
                    space();
                    out.append(':');
                    space();
                }
                value(depth + 1);
                space();
            }
            out.append(object ? '}' : ']');
        }

        private void value(int depth) {
            switch (random.nextInt(depth > 6 ? 6 : 8)) {
                case 0 -> string(text());
                case 1 -> out.append(number());
                case 2 -> out.append(random.nextBoolean() ? "true" : "false");
                case 3 -> out.append("null");
                case 4 -> string(NAMES[random.nextInt(NAMES.length)]);
                case 5 -> out.append(random.nextInt(1000));
                case 6 -> writeContainer(depth, true);
                default -> writeContainer(depth, false);
            }
        }

        private String text() {
            String[] pieces = {"a", "Boom", " ", "caf\u00e9", "\u63a5\u7d9a", "\ud83d\udea8", "\"", "\\", "/",
                "\n", "\t", "\u0001", "\u007f", "\u00ff", "\u0800", "\uffff", "\ud800\udc00", "x y z"};
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(5); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }

        /** A JSON string of {@code text}, escaping what must be and, at random, what may be. */
        private void string(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean escape = random.nextInt(10) == 0;
                if (Character.isHighSurrogate(c)) {
                    // The text holds only whole pairs: both halves raw or both escaped.
                    char low = text.charAt(++i);
                    out.append(escape ? String.format("\\u%04x\\u%04X", (int) c, (int) low) : "" + c + low);
                } else if (c == '"' || c == '\\' || c < 0x20 || escape) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append(random.nextBoolean() ? "\\n" : "\\u000a");
                        case '\t' -> out.append("\\t");
                        case '/' -> out.append("\\/");
                        default -> out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                    }
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }

        private String number() {
            List<String> forms = new ArrayList<>(List.of(
                    Integer.toString(random.nextInt()),
                    Long.toString(random.nextLong()),
                    Long.toString(random.nextLong() >>> random.nextInt(64)),
                    "-0", "0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
                    "12345678901234567890123", Double.toString(random.nextDouble() * 1e6),
                    random.nextInt(100) + "." + random.nextInt(1000), random.nextInt(10) + "e" + random.nextInt(400),
                    random.nextInt(10) + "E-" + random.nextInt(400), "-" + random.nextInt(10) + ".5e+" + random.nextInt(20),
                    "1732232922.311000", "0.0"));
            return forms.get(random.nextInt(forms.size()));
        }
    }
}
