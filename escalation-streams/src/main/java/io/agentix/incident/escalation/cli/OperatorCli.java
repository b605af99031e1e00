package io.agentix.incident.escalation.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.escalation.api.OperatorCommands;
import io.agentix.incident.escalation.cli.OperatorApiClient.Answer;
import io.agentix.incident.escalation.cli.OperatorApiClient.UnreachableException;
import io.agentix.incident.escalation.policy.Person;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PolicyException;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.serde.AvroSerdeConfig;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The operator CLI behind {@code bin/incident-engine incidents ...} and {@code bin/incident-engine watch}:
 * list, show and act on incidents through the operator API, and tail escalations and notifications
 * from the broker as readable lines. Exit status: 0 done, 1 the API or Kafka refused or could not be
 * reached (the reason on stderr), 2 a usage error.
 */
public final class OperatorCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String DEFAULT_API = "http://localhost:8082";
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    static final String DEFAULT_REGISTRY = "http://localhost:8081";
    /** The console's default too: what still needs someone. */
    static final String NOT_RESOLVED = "OPEN,ACKNOWLEDGED,MITIGATED";

    /** Command options and the field of the command body each one sets. */
    private static final Map<String, String> COMMAND_FIELDS = commandFields();
    private static final Set<String> API_OPTIONS = Set.of("--api", "--token");
    private static final Set<String> LIST_OPTIONS = Set.of("--api", "--token", "--status", "--severity", "--limit",
            "--all");
    private static final Set<String> WATCH_OPTIONS = Set.of("--bootstrap", "--registry", "--from-beginning",
            "--incidents", "--count", "--policy");
    private static final Set<String> FLAGS = Set.of("--all", "--from-beginning", "--incidents", "--help", "-h");

    static final String USAGE_TEXT = """
            Usage:
              bin/incident-engine incidents [--status S[,S]] [--severity P[,P]] [--limit N] [--all]
              bin/incident-engine incidents show ID
              bin/incident-engine incidents COMMAND ID [--message M] [--reason R] [--root-cause C] [--impact I]
                                  [--prevention P] [--assignee PERSON] [--severity P] [--by PERSON]
                  COMMAND: ack (acknowledge), mitigate, resolve, update, dismiss, escalate, assign, block,
                           reopen, set-severity, postmortem-done, close
              bin/incident-engine watch [--from-beginning] [--incidents] [--count N] [--policy FILE]
                                  [--bootstrap HOST:PORT] [--registry URL]
            Options of incidents: --api URL (INCIDENT_ENGINE_API, default http://localhost:8082),
              --token T (INCIDENT_ENGINE_TOKEN; commands need it; 'dev' in dev).
            Options of watch: --bootstrap (KAFKA_BOOTSTRAP_SERVERS, default localhost:9092),
              --registry (SCHEMA_REGISTRY_URL, default http://localhost:8081).
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Watch watching;

    OperatorCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The CLI's logging: errors only, on stderr. */
    static final String LOGBACK_CONFIGURATION = "io/agentix/incident/escalation/cli/logback-cli.xml";

    public static void main(String[] args) {
        // Before any logger exists: stdout carries the CLI's output and nothing else.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new OperatorCli(System.getenv(), out, err, Clock.systemDefaultZone()).run(args));
    }

    /** Runs one command line ({@code incidents ...} or {@code watch ...}); returns the exit status. */
    int run(String... args) {
        try {
            if (args.length == 0) {
                throw new UsageException("expected 'incidents' or 'watch'");
            }
            List<String> rest = List.of(args).subList(1, args.length);
            return switch (args[0]) {
                case "incidents" -> incidents(rest);
                case "watch" -> watch(Options.parse(rest, WATCH_OPTIONS));
                case "-h", "--help", "help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown subcommand '" + args[0] + "': expected 'incidents' or 'watch'");
            };
        } catch (HelpRequested e) {
            out.print(USAGE_TEXT);
            return OK;
        } catch (UsageException e) {
            err.println("incident-engine: " + e.getMessage());
            err.println("Run 'bin/incident-engine --help' for usage.");
            return USAGE;
        }
    }

    // ---- incidents ----

    private int incidents(List<String> args) {
        int verbAt = firstWord(args);
        if (verbAt < 0) {
            return list(Options.parse(args, LIST_OPTIONS));
        }
        String verb = args.get(verbAt);
        List<String> rest = new ArrayList<>(args);
        rest.remove(verbAt);
        if (verb.equals("list")) {
            return list(Options.parse(rest, LIST_OPTIONS));
        }
        if (verb.equals("show")) {
            Options options = Options.parse(rest, API_OPTIONS);
            return show(options.onePositional("show needs an incident id, e.g. incidents show INC-20261129-0001"),
                    options);
        }
        String command = verb.equals("ack") ? "acknowledge" : verb;
        if (!OperatorCommands.names().contains(command)) {
            throw new UsageException("unknown incidents command '" + verb + "'; expected show, ack, "
                    + String.join(", ", OperatorCommands.names()));
        }
        Set<String> allowed = new HashSet<>(API_OPTIONS);
        allowed.addAll(COMMAND_FIELDS.keySet());
        Options options = Options.parse(rest, allowed);
        return command(command, options.onePositional(verb + " needs an incident id, e.g. incidents " + verb
                + " INC-20261129-0001"), options);
    }

    /** Where the first word that is neither an option nor an option's value is, or -1. */
    private static int firstWord(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                return i;
            }
            if (!arg.contains("=") && !FLAGS.contains(arg)) {
                i++; // its value
            }
        }
        return -1;
    }

    private int list(Options options) {
        options.noPositionals("incidents");
        StringBuilder query = new StringBuilder();
        String status = options.value("--status");
        if (status == null && !options.flag("--all")) {
            status = NOT_RESOLVED;
        }
        appendQuery(query, "status", status);
        appendQuery(query, "severity", options.value("--severity"));
        appendQuery(query, "limit", options.value("--limit"));
        OperatorApiClient api = api(options);
        try {
            Answer answer = api.get("/incidents" + query);
            if (answer.status() != 200) {
                err.println("incident-engine: " + ApiAnswers.failure(answer, false, null));
                return FAILED;
            }
            JsonNode summaries = ApiAnswers.json(answer);
            if (summaries == null || !summaries.isArray()) {
                err.println("incident-engine: the operator API at " + api.base() + " answered 200 without a JSON list: "
                        + ApiAnswers.message(answer));
                return FAILED;
            }
            String filter = (status == null ? "any status" : "status " + status)
                    + (options.value("--severity") == null ? "" : ", severity " + options.value("--severity"));
            if (summaries.isEmpty()) {
                out.println("No incidents (" + filter + ").");
            } else {
                out.print(new IncidentFormat(new Readable(clock)).table(summaries));
                out.println(summaries.size() + (summaries.size() == 1 ? " incident" : " incidents") + " (" + filter
                        + "; newest first).");
            }
            return OK;
        } catch (UnreachableException e) {
            err.println("incident-engine: " + e.getMessage());
            return FAILED;
        }
    }

    private int show(String id, Options options) {
        OperatorApiClient api = api(options);
        try {
            Answer answer = api.get("/incidents/" + encodePath(id));
            if (answer.status() != 200) {
                err.println("incident-engine: " + ApiAnswers.failure(answer, false, id));
                return FAILED;
            }
            JsonNode incident = ApiAnswers.json(answer);
            if (incident == null || !incident.isObject()) {
                err.println("incident-engine: the operator API at " + api.base() + " answered 200 without an incident: "
                        + ApiAnswers.message(answer));
                return FAILED;
            }
            out.print(new IncidentFormat(new Readable(clock)).show(incident));
            return OK;
        } catch (UnreachableException e) {
            err.println("incident-engine: " + e.getMessage());
            return FAILED;
        }
    }

    private int command(String command, String id, Options options) {
        ObjectNode body = json.createObjectNode();
        COMMAND_FIELDS.forEach((option, field) -> {
            String value = options.value(option);
            if (value != null) {
                body.put(field, value);
            }
        });
        OperatorApiClient api = api(options);
        try {
            Answer answer = api.post("/incidents/" + encodePath(id) + "/" + command, body.toString());
            if (answer.status() == 202) {
                out.println(ApiAnswers.accepted(answer, id));
                return OK;
            }
            err.println("incident-engine: " + command + " " + id + ": " + ApiAnswers.failure(answer, true, id));
            return FAILED;
        } catch (UnreachableException e) {
            err.println("incident-engine: " + e.getMessage());
            return FAILED;
        }
    }

    private OperatorApiClient api(Options options) {
        return new OperatorApiClient(options.value("--api", env.getOrDefault("INCIDENT_ENGINE_API", DEFAULT_API)),
                options.value("--token", env.get("INCIDENT_ENGINE_TOKEN")));
    }

    // ---- watch ----

    private int watch(Options options) {
        options.noPositionals("watch");
        String bootstrap = options.value("--bootstrap", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP));
        String registry = options.value("--registry", env.getOrDefault("SCHEMA_REGISTRY_URL", DEFAULT_REGISTRY));
        long count = options.count("--count");
        TopicSpecs topics;
        try {
            topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry));
        } catch (RuntimeException e) {
            err.println("incident-engine: invalid schema registry '" + registry + "': " + e.getMessage());
            return FAILED;
        }
        WatchFormat format = new WatchFormat(new Readable(clock), personNames(options.value("--policy",
                env.getOrDefault("ESCALATION_POLICY_FILE", ""))));
        Watch watch = new Watch(bootstrap, topics, format, options.flag("--incidents"), options.flag("--from-beginning"));
        watching = watch;
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            watch.stop();
            try {
                // Let the consumer close cleanly before the JVM goes.
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watch-stop");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            watch.run(out, err, count);
            return OK;
        } catch (Watch.WatchException e) {
            err.println("incident-engine: " + e.getMessage());
            return FAILED;
        } finally {
            watching = null;
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C): the hook is running.
            }
        }
    }

    /** Ends a running {@code watch} as Ctrl-C does (for a caller on another thread). */
    void stopWatching() {
        Watch watch = watching;
        if (watch != null) {
            watch.stop();
        }
    }

    /** Person ids to names from the policy the engine runs with (the shipped one unless a file is named). */
    private Function<String, String> personNames(String policyFile) {
        Policy policy;
        try {
            policy = policyFile == null || policyFile.isBlank() ? PolicyLoader.shipped() : PolicyLoader.load(Path.of(policyFile));
        } catch (PolicyException e) {
            err.println("incident-engine: people are shown by id: cannot read the policy " + policyFile + ": "
                    + e.getMessage());
            return id -> id;
        }
        return id -> policy.person(id).map(Person::name).orElse(id);
    }

    // ---- helpers ----

    private static void appendQuery(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> commandFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("--message", "message");
        fields.put("--reason", "reason");
        fields.put("--root-cause", "rootCause");
        fields.put("--impact", "impact");
        fields.put("--prevention", "prevention");
        fields.put("--assignee", "assignee");
        fields.put("--severity", "severity");
        fields.put("--by", "by");
        return Map.copyOf(fields);
    }

    /** A command line that cannot be run as written. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** {@code --name value} or {@code --name=value} options, flags and the remaining words. */
    record Options(Map<String, String> values, List<String> positionals) {

        static Options parse(List<String> args, Set<String> allowed) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positionals = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new HelpRequested();
                }
                if (arg.equals("-m")) {
                    arg = "--message";
                }
                if (!arg.startsWith("--")) {
                    positionals.add(arg);
                    continue;
                }
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (!allowed.contains(name)) {
                    throw new UsageException("unknown option " + name + " here; options: "
                            + String.join(" ", allowed.stream().sorted().toList()));
                }
                String value;
                if (FLAGS.contains(name)) {
                    if (equals >= 0) {
                        throw new UsageException(name + " takes no value");
                    }
                    value = "true";
                } else if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw new UsageException(name + " is given twice");
                }
            }
            return new Options(values, positionals);
        }

        String value(String name) {
            return values.get(name);
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        long count(String name) {
            String value = values.get(name);
            if (value == null) {
                return 0;
            }
            try {
                long count = Long.parseLong(value);
                if (count < 1) {
                    throw new NumberFormatException();
                }
                return count;
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a positive number, not '" + value + "'");
            }
        }

        String onePositional(String missing) {
            if (positionals.isEmpty()) {
                throw new UsageException(missing);
            }
            if (positionals.size() > 1) {
                throw new UsageException("one incident id expected, got: " + String.join(" ", positionals));
            }
            return positionals.get(0);
        }

        void noPositionals(String command) {
            if (!positionals.isEmpty()) {
                throw new UsageException(command + " takes no argument " + String.join(" ", positionals)
                        + " (options start with --)");
            }
        }
    }
}
