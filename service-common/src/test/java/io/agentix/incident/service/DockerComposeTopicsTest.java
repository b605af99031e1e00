package io.agentix.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicDefinition;

/**
 * The {@code topic-init} service of the repository's docker-compose.yml creates the topics with a
 * shell script; this keeps that script in step with the shipped {@link TopicCatalog}.
 */
class DockerComposeTopicsTest {

    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");

    @Test
    void topicInitCreatesEveryCatalogTopicWithTheShippedSettings() throws IOException {
        Map<String, Created> created = topicInitCreates();

        Map<String, Created> expected = TopicCatalog.defaults().all().stream()
                .collect(Collectors.toMap(TopicDefinition::name,
                        topic -> new Created(topic.partitions(), topic.configs())));
        assertThat(created).isEqualTo(expected);
        assertThat(TopicCatalog.defaults().all()).allSatisfy(
                topic -> assertThat(topic.replicationFactor()).isEqualTo((short) 1));
    }

    /** What one {@code create} line of the script asks for. */
    private record Created(int partitions, Map<String, String> configs) {
    }

    /** Topic name to partitions and {@code --config} settings, one entry per {@code create} line of the script. */
    private static Map<String, Created> topicInitCreates() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(COMPOSE_FILE.toFile());
        String script = compose.at("/services/topic-init/command/0").asText();
        assertThat(script).as("topic-init script in %s", COMPOSE_FILE.toAbsolutePath())
                .contains("--partitions \"$$partitions\" --replication-factor 1");
        Map<String, Created> created = new HashMap<>();
        script.lines().filter(line -> line.startsWith("create ")).forEach(line -> {
            List<String> words = Stream.of(line.trim().split("\\s+")).toList();
            Map<String, String> configs = new HashMap<>();
            for (int i = 3; i < words.size(); i += 2) {
                assertThat(words.get(i)).as("in '%s'", line).isEqualTo("--config");
                String[] setting = words.get(i + 1).split("=", 2);
                configs.put(setting[0], setting[1]);
            }
            created.put(words.get(1), new Created(Integer.parseInt(words.get(2)), configs));
        });
        return created;
    }
}
