package io.agentix.incident.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SentryPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesAnEventAlertOfAboutTheRequestedSize() throws Exception {
        byte[] small = SentryPayloads.eventAlert(SentryPayloads.DEFAULT_SIZE, SentryPayloads.DEFAULT_INSTALLATION);
        byte[] large = SentryPayloads.eventAlert(100 * 1024, SentryPayloads.DEFAULT_INSTALLATION);

        assertThat(small.length).isBetween(8 * 1024, 9 * 1024);
        assertThat(large.length).isBetween(100 * 1024, 101 * 1024);
        JsonNode body = JSON.readTree(small);
        assertThat(body.path("action").asText()).isEqualTo("triggered");
        assertThat(body.at("/installation/uuid").asText()).isEqualTo(SentryPayloads.DEFAULT_INSTALLATION);
        assertThat(body.at("/data/event/issue_id").asText()).isEqualTo("1117540176");
        assertThat(body.at("/data/event/tags/0/0").asText()).isEqualTo("browser");
        assertThat(body.at("/data/event/exception/values/0/stacktrace/frames").size()).isGreaterThan(5);
    }

    @Test
    void serializesCompactlyWithNonAsciiEscapedAsSentryDoes() throws Exception {
        byte[] body = SentryPayloads.eventAlert(4096, SentryPayloads.DEFAULT_INSTALLATION);
        String text = new String(body, StandardCharsets.US_ASCII);

        assertThat(text).matches("[\\x20-\\x7e]+");
        assertThat(text).doesNotContain("\": ").doesNotContain(", \"").contains("\"action\":\"triggered\",");
        assertThat(text).contains("Gr\\u00f6\\u00dfe").contains("\\ud83d\\ude15");
        assertThat(JSON.readTree(body).at("/data/event/title").asText()).endsWith("(reading 'Größe')");
    }

    @Test
    void signsTheRawBytesWithHmacSha256AsLowercaseHex() {
        // RFC 4231 test case 2.
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertThat(SentryPayloads.signature(data, "Jefe"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void rejectsSizesBelowTheBareEvent() {
        assertThatThrownBy(() -> SentryPayloads.eventAlert(100, SentryPayloads.DEFAULT_INSTALLATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2048");
    }
}
