package io.agentix.incident.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalog's topics that do not exist yet. Existing topics are left as they are (their
 * partition count is an operational decision, see the README's scaling section).
 */
public final class TopicCreator {

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = java.util.Objects.requireNonNull(admin, "admin");
    }

    /** Creates the missing topics and returns the names it created. */
    public List<String> createMissing(Collection<TopicDefinition> topics, long timeoutMillis)
            throws InterruptedException, TimeoutException {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (TopicDefinition t : topics) {
                if (!existing.contains(t.name())) {
                    toCreate.add(new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(toCreate).values().entrySet()) {
                try {
                    entry.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
