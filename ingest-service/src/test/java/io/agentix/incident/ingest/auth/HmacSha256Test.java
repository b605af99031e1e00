package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HmacSha256Test {

    // RFC 4231 test case 2.
    private static final String KEY = "Jefe";
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final String EXPECTED = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void matchesTheRfc4231Vector() {
        assertThat(new HmacSha256(KEY).signHex(DATA)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesEitherHexCaseAndRejectsEverythingElse() {
        HmacSha256 hmac = new HmacSha256(KEY);
        assertThat(hmac.verifyHex(DATA, EXPECTED)).isTrue();
        assertThat(hmac.verifyHex(DATA, EXPECTED.toUpperCase())).isTrue();
        assertThat(hmac.verifyHex(DATA, EXPECTED.replace('5', '6'))).isFalse();
        assertThat(hmac.verifyHex(DATA, "not hex")).isFalse();
        assertThat(hmac.verifyHex(DATA, null)).isFalse();
        assertThat(new HmacSha256("other").verifyHex(DATA, EXPECTED)).isFalse();
    }

    @Test
    void aReserializedBodyDoesNotVerify() {
        HmacSha256 hmac = new HmacSha256("s3cr3t");
        byte[] compact = "{\"title\":\"K\\u00f6ln\"}".getBytes(StandardCharsets.UTF_8);
        byte[] reencoded = "{\"title\":\"Köln\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(hmac.verifyHex(reencoded, hmac.signHex(compact))).isFalse();
    }

    @Test
    void rejectsAnEmptySecret() {
        assertThatThrownBy(() -> new HmacSha256("")).hasMessageContaining("must not be empty");
    }
}
