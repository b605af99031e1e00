package io.agentix.incident.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.agentix.incident.escalation.EscalationApplication;
import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.ingest.IngestApplication;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.notifier.NotifierApplication;
import io.agentix.incident.notifier.NotifierConfiguration;
import io.agentix.incident.testing.KafkaCluster;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The three services as {@code bin/incident-engine dev} runs them: each real application with its module's
 * own {@code config-dev.yml} (every token {@code dev}), and only what a shared test JVM must change
 * overridden: ports, the broker, the registry, directories, and where mail and pages go.
 *
 * <p>Overrides are system properties while an application starts; each application has a prefix of its own
 * (not Dropwizard's shared {@code dw.}), or each would also read the others' overrides.
 */
final class Engine {

    /** The URL token and operator bearer token of every config-dev.yml. */
    static final String DEV_TOKEN = "dev";
    /** The people of the shipped default policy; each has a page route of its own name. */
    static final List<String> PEOPLE = List.of("mira", "jonas", "dana", "erik", "priya", "yuki");
    static final String PAGE_SECRET = "e2e-page-secret";

    private Engine() {
    }

    static DropwizardAppExtension<IngestConfiguration> ingest(Supplier<String> bootstrapServers, Supplier<String> registry) {
        String p = "ingest";
        return new DropwizardAppExtension<>(IngestApplication.class, configDev("ingest-service"), p,
                ConfigOverride.config(p, "server.applicationConnectors[0].port", "0"),
                ConfigOverride.config(p, "server.adminConnectors[0].port", "0"),
                ConfigOverride.config(p, "kafka.bootstrapServers", bootstrapServers),
                ConfigOverride.config(p, "schemaRegistry.url", registry));
    }

    /**
     * escalation-streams with the operator API on {@code port}, which it also names to other instances
     * ({@code streams.applicationServer}); its state in a fresh directory under {@code target/}.
     */
    static DropwizardAppExtension<EscalationConfiguration> streams(Supplier<String> bootstrapServers,
                                                                    Supplier<String> registry, int port, String name) {
        String p = "streams-" + name;
        return new DropwizardAppExtension<>(EscalationApplication.class, configDev("escalation-streams"), p,
                ConfigOverride.config(p, "server.applicationConnectors[0].port", String.valueOf(port)),
                ConfigOverride.config(p, "server.adminConnectors[0].port", "0"),
                ConfigOverride.config(p, "kafka.bootstrapServers", bootstrapServers),
                ConfigOverride.config(p, "schemaRegistry.url", registry),
                ConfigOverride.config(p, "streams.stateDir", directory("streams-state-" + name).toString()),
                ConfigOverride.config(p, "streams.applicationServer", "localhost:" + port));
    }

    /**
     * The notifier with mail to {@code smtpPort} (the test's GreenMail) and a signed webhook page route per
     * person to {@code pages}. The dev captures are off (their SMTP port is fixed, and the test's servers take
     * their place); the capture route stays the default, in a directory the test can check stays empty.
     * {@code extra} adds overrides or replaces these (a key with a dot inside a map key escapes it: {@code session\\.timeout\\.ms}).
     */
    static DropwizardAppExtension<NotifierConfiguration> notifier(Class<? extends NotifierApplication> application,
                                                                  Supplier<String> bootstrapServers, Supplier<String> registry,
                                                                  Supplier<Integer> smtpPort, PageReceiver pages,
                                                                  Path captureDirectory, Map<String, String> extra) {
        String p = "notifier";
        // By key, so that an extra replaces a default: Dropwizard keeps overrides in a set and applies them in no
        // particular order, so two overrides of one key would each win in some runs.
        Map<String, ConfigOverride> overrides = new LinkedHashMap<>();
        set(overrides, p, "server.applicationConnectors[0].port", "0");
        set(overrides, p, "server.adminConnectors[0].port", "0");
        set(overrides, p, "kafka.bootstrapServers", bootstrapServers);
        set(overrides, p, "schemaRegistry.url", registry);
        set(overrides, p, "channels.email.port", () -> String.valueOf(smtpPort.get()));
        set(overrides, p, "dev.smtpCapture.enabled", "false");
        set(overrides, p, "dev.pageCapture.enabled", "false");
        set(overrides, p, "channels.pages.routes.capture.directory", captureDirectory.toString());
        // The scenario pages each person up to six times within seconds (opened, all hands, acknowledged
        // and resolved, to both paged roles); dev's 5 a minute would fold the last into a digest.
        set(overrides, p, "delivery.rateLimit.pagesPerRoute", "20");
        for (String person : PEOPLE) {
            String route = "channels.pages.routes." + person;
            set(overrides, p, route + ".type", "webhook");
            set(overrides, p, route + ".url", pages.urlFor(person));
            set(overrides, p, route + ".secret", PAGE_SECRET);
        }
        extra.forEach((key, value) -> set(overrides, p, key, value));
        return new DropwizardAppExtension<>(application, configDev("notifier-service"), p,
                overrides.values().toArray(ConfigOverride[]::new));
    }

    private static void set(Map<String, ConfigOverride> overrides, String prefix, String key, String value) {
        overrides.put(key, ConfigOverride.config(prefix, key, value));
    }

    private static void set(Map<String, ConfigOverride> overrides, String prefix, String key, Supplier<String> value) {
        overrides.put(key, ConfigOverride.config(prefix, key, value));
    }

    /** A fresh directory under this module's {@code target/} (the OS temp directory may be cleaned under a run). */
    static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e")), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory under target/e2e", e);
        }
    }

    /** The local-stack schema registry on a free port, keeping its schemas in {@code kafka}, as dev runs it. */
    static SchemaRegistryServer registry(KafkaCluster kafka) {
        return SchemaRegistryServer.start(new SchemaRegistryServer.Config(kafka.bootstrapServers(), "localhost", 0,
                SchemaRegistryServer.DEFAULT_TOPIC));
    }

    /** GreenMail on a free loopback port, started: the SMTP server the notifier mails to. */
    static GreenMail smtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** The topics of {@code notifier}'s configuration, with its serdes. */
    static TopicSpecs topics(DropwizardAppExtension<NotifierConfiguration> notifier) {
        return TopicSpecs.create(notifier.getConfiguration().getTopics().build(),
                notifier.getConfiguration().getSchemaRegistry().serdeConfig());
    }

    /** Stops the servers a test class started around the applications; any of them may never have started. */
    static void stopServers(GreenMail smtp, SchemaRegistryServer registry, PageReceiver pages) {
        if (smtp != null) {
            smtp.stop();
        }
        if (registry != null) {
            registry.close();
        }
        pages.close();
    }

    private static String configDev(String module) {
        Path root = Path.of(System.getProperty("incident.engine.root", ".."));
        Path file = root.resolve(module).resolve("config-dev.yml").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": run the tests from the e2e-tests module"
                    + " (or set -Dincident.engine.root to the repository root)");
        }
        return file.toString();
    }
}
