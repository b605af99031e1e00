package io.agentix.incident.notifier;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;
import io.dropwizard.lifecycle.Managed;

/** Creates the catalog's missing topics at start, before the consumer loop (registered after it) subscribes. */
final class NotifierTopics implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierTopics.class);

    private final Admin admin;
    private final TopicCatalog catalog;
    private final Duration timeout;

    NotifierTopics(Admin admin, TopicCatalog catalog, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void start() throws Exception {
        List<String> created = new TopicCreator(admin).createMissing(catalog.all(), timeout.toMillis());
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
    }
}
