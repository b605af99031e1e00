package io.agentix.incident.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LocalStackMainOptionsTest {

    @Test
    void defaultsAreTheDevStackPorts() {
        LocalStackMain.Options options = LocalStackMain.Options.parse(new String[0]);
        assertThat(options).isEqualTo(new LocalStackMain.Options(Path.of("var"), 9092, 9093, 8081, 6));
    }

    @Test
    void everyOptionCanBeSet() {
        LocalStackMain.Options options = LocalStackMain.Options.parse(new String[] {
            "--data-dir", "/tmp/x", "--kafka-port", "19092", "--controller-port", "19093",
            "--registry-port", "18081", "--partitions", "3"});
        assertThat(options).isEqualTo(new LocalStackMain.Options(Path.of("/tmp/x"), 19092, 19093, 18081, 3));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--kafka-port", "nine"}))
                .hasMessage("--kafka-port must be a number, was 'nine'");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--registry-port", "70000"}))
                .hasMessage("--registry-port must be a port number, was 70000");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--verbose", "yes"}))
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--data-dir"}))
                .hasMessage("missing value after --data-dir");
    }
}
