package io.agentix.incident.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void bodyWithinTheLimitIsReadWhole() throws IOException {
        BoundedBody body = BoundedBody.read(stream(100), 100, 100, 10);

        assertThat(body.tooLarge()).isFalse();
        assertThat(body.bytes()).hasSize(100);
        assertThat(body.size()).isEqualTo(100);
    }

    @Test
    void declaredOverLimitBodyIsNotReadBeyondTheKeptPrefix() throws IOException {
        ByteArrayInputStream in = stream(1000);

        BoundedBody body = BoundedBody.read(in, 1000, 100, 10);

        assertThat(body.tooLarge()).isTrue();
        assertThat(body.bytes()).hasSize(10);
        assertThat(body.size()).isEqualTo(1000);
        assertThat(in.available()).isEqualTo(990);
    }

    @Test
    void undeclaredBodyIsReadOnePastTheLimitAtMost() throws IOException {
        ByteArrayInputStream in = stream(1000);

        BoundedBody body = BoundedBody.read(in, -1, 100, 10);

        assertThat(body.tooLarge()).isTrue();
        assertThat(body.bytes()).hasSize(10);
        assertThat(body.size()).isEqualTo(101);
        assertThat(in.available()).isEqualTo(899);
    }

    @Test
    void undeclaredBodyWithinTheLimitIsReadWhole() throws IOException {
        BoundedBody body = BoundedBody.read(stream(100), -1, 100, 10);

        assertThat(body.tooLarge()).isFalse();
        assertThat(body.bytes()).hasSize(100);
    }

    private static ByteArrayInputStream stream(int size) {
        return new ByteArrayInputStream(new byte[size]);
    }
}
