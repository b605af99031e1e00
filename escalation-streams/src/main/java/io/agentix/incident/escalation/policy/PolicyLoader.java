package io.agentix.incident.escalation.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Severity;

/**
 * Reads and validates a policy file. Everything is checked before anything is used, against SnakeYAML's
 * node tree so every error names the file, line and column of the node at fault
 * ({@link PolicyException}): a bad policy stops the engine at start, never at 3 a.m. when the first P1
 * needs it.
 */
public final class PolicyLoader {

    /** Class-path resource of the shipped default (the runbook's values). */
    public static final String SHIPPED_RESOURCE = "/io/agentix/incident/escalation/policy/default-policy.yml";
    /** The file name errors in the shipped default are reported against. */
    public static final String SHIPPED_NAME = "default-policy.yml";

    /** The {@code responseTime} spelling for "next business day" (P4). */
    public static final String NEXT_BUSINESS_DAY = "next-business-day";

    private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");
    private static final Pattern DURATION_WHOLE = Pattern.compile("(\\d+[dhms])+");
    private static final Pattern MUSTACHE_LINE = Pattern.compile("@\\[[^\\]]*:(\\d+)\\]");

    private static final List<String> TOP_LEVEL = List.of("version", "timeZone", "businessHours", "correlationWindow",
            "verificationWindow", "recentDeployWindow", "rollbackRunbook", "customerSender", "severities", "components",
            "people", "roles", "tenants", "classification", "templates", "postmortem");
    private static final List<String> SEVERITY_KEYS = List.of("name", "responseTime", "firstResponder", "alsoNotify",
            "firstChannel", "escalateTo", "escalationTrigger", "communication", "postmortem");
    private static final List<String> MATCHER_KEYS = List.of("source", "service", "project", "environment", "label",
            "titleContains", "dedupKeyPrefix");

    private PolicyLoader() {
    }

    /** The shipped default policy (runbook values); parsed once. */
    public static Policy shipped() {
        return Shipped.POLICY;
    }

    /** The shipped default's bytes, e.g. to write it out as a starting point. */
    public static byte[] shippedBytes() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped policy " + SHIPPED_RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped policy " + SHIPPED_RESOURCE, e);
        }
    }

    /**
     * Loads a policy file; errors are reported against the path as given.
     *
     * @throws PolicyException when the file cannot be read or is not a valid policy
     */
    public static Policy load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 1, 1, "cannot read the policy file: " + e);
        }
        return parse(file.toString(), bytes);
    }

    /**
     * Parses policy bytes (UTF-8 YAML).
     *
     * @param fileName the name errors are reported against
     * @throws PolicyException when the bytes are not a valid policy
     */
    public static Policy parse(String fileName, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(fileName, 1, 1, "the policy file is not UTF-8 text");
        }
        return new Reader(new PolicyErrors(fileName), text, version(bytes)).read();
    }

    private static String version(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Parsed on first use, so a class that only mentions the loader does not pay for it. */
    private static final class Shipped {
        static final Policy POLICY = parse(SHIPPED_NAME, shippedBytes());
    }

    /** One read of one file. */
    private static final class Reader {

        private final PolicyErrors errors;
        private final String text;
        private final String[] lines;
        private final String digest;

        Reader(PolicyErrors errors, String text, String digest) {
            this.errors = errors;
            this.text = text;
            this.lines = text.split("\r\n|\r|\n", -1);
            this.digest = digest;
        }

        Policy read() {
            Node root = compose();
            YamlMap top = YamlMap.of(errors, "", root, TOP_LEVEL);

            String declaredVersion = string(top, "version");
            ZoneId zone = zone(top);
            BusinessHours businessHours = businessHours(top.required("businessHours"), zone);
            Duration correlationWindow = duration(top, "correlationWindow");
            Duration verificationWindow = duration(top, "verificationWindow");
            Duration recentDeployWindow = duration(top, "recentDeployWindow");
            RunbookLink rollbackRunbook = runbook(top.required("rollbackRunbook"), "rollbackRunbook");
            String customerSender = email(top.required("customerSender"), "customerSender");

            List<Person> people = people(top.required("people"));
            Set<String> personIds = new LinkedHashSet<>();
            people.forEach(p -> personIds.add(p.id()));
            RolePolicy roles = roles(top.required("roles"), people, personIds);
            Map<Severity, SeverityPolicy> severities = severities(top.required("severities"), roles.names());
            List<ComponentPolicy> components = components(top.required("components"), personIds);
            List<Tenant> tenants = tenants(top.required("tenants"));
            Classification classification = top.optional("classification")
                    .map(this::classification).orElse(Classification.defaults());
            String version = declaredVersion + "+" + digest;
            Templates templates = templates(top.required("templates"),
                    Map.of(TemplateVariables.CUSTOMER_SENDER, customerSender, TemplateVariables.POLICY_VERSION, version));
            YamlMap postmortem = YamlMap.of(errors, "postmortem", top.required("postmortem"), List.of("directory"));
            String postmortemDirectory = string(postmortem, "directory");

            return new Policy(version, declaredVersion, errors.file(), zone, businessHours, correlationWindow,
                    verificationWindow, recentDeployWindow, rollbackRunbook, customerSender, severities, components,
                    people, roles, tenants, classification, templates, postmortemDirectory);
        }

        private Node compose() {
            Node root;
            try {
                LoaderOptions options = new LoaderOptions();
                options.setAllowDuplicateKeys(false);
                root = new Yaml(options).compose(new StringReader(text));
            } catch (MarkedYAMLException e) {
                String reason = "YAML syntax error: " + e.getProblem()
                        + (e.getContext() == null ? "" : " (" + e.getContext() + ")");
                throw e.getProblemMark() != null ? errors.at(e.getProblemMark(), reason) : errors.at(1, 1, reason);
            } catch (YAMLException e) {
                throw errors.at(1, 1, "YAML error: " + e.getMessage());
            }
            if (root == null) {
                throw errors.at(1, 1, "the policy file is empty");
            }
            return root;
        }

        // ---------------------------------------------------------------- scalars

        private String scalar(Node node, String path) {
            if (!(node instanceof ScalarNode scalar) || YamlMap.isNull(node)) {
                throw errors.at(node, "expected a single value for " + path + ", found " + YamlMap.kind(node));
            }
            return scalar.getValue();
        }

        private String string(YamlMap map, String key) {
            String value = scalar(map.required(key), map.pathOf(key));
            if (value.isBlank()) {
                throw errors.at(map.required(key), "'" + map.pathOf(key) + "' must not be blank");
            }
            return value;
        }

        private Optional<String> optionalString(YamlMap map, String key) {
            return map.optional(key).map(node -> {
                String value = scalar(node, map.pathOf(key));
                if (value.isBlank()) {
                    throw errors.at(node, "'" + map.pathOf(key) + "' must not be blank (leave it out instead)");
                }
                return value;
            });
        }

        private boolean bool(Node node, String path) {
            String value = scalar(node, path).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw errors.at(node, "expected true or false for " + path + ", found '" + value + "'");
            };
        }

        private int positiveInt(Node node, String path) {
            String value = scalar(node, path);
            try {
                int number = Integer.parseInt(value);
                if (number < 1) {
                    throw errors.at(node, path + " must be at least 1, found " + number);
                }
                return number;
            } catch (NumberFormatException e) {
                throw errors.at(node, "expected a whole number for " + path + ", found '" + value + "'");
            }
        }

        private Duration duration(YamlMap map, String key) {
            return duration(map.required(key), map.pathOf(key));
        }

        private Duration duration(Node node, String path) {
            String value = scalar(node, path).strip();
            if (!DURATION_WHOLE.matcher(value).matches()) {
                throw errors.at(node, "bad duration '" + value + "' for " + path
                        + ": expected a number and a unit (d, h, m, s) like 15m, 1h, 48h or 1h30m");
            }
            Duration total = Duration.ZERO;
            Matcher part = DURATION.matcher(value);
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                });
            }
            return total;
        }

        private Duration positiveDuration(YamlMap map, String key) {
            Duration duration = duration(map, key);
            if (duration.isZero()) {
                throw errors.at(map.required(key), map.pathOf(key) + " must be longer than zero");
            }
            return duration;
        }

        private String email(Node node, String path) {
            String value = scalar(node, path).strip();
            int at = value.indexOf('@');
            if (at < 1 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.contains(" ")) {
                throw errors.at(node, "bad email address '" + value + "' for " + path);
            }
            return value;
        }

        private SequenceNode sequence(Node node, String path) {
            if (!(node instanceof SequenceNode sequence)) {
                throw errors.at(node, "expected a list for " + path + ", found " + YamlMap.kind(node));
            }
            return sequence;
        }

        private List<String> stringList(Node node, String path) {
            List<String> values = new ArrayList<>();
            for (Node item : sequence(node, path).getValue()) {
                values.add(scalar(item, path + " item"));
            }
            return values;
        }

        private List<String> optionalStringList(YamlMap map, String key) {
            return map.optional(key).map(node -> stringList(node, map.pathOf(key))).orElse(List.of());
        }

        // ---------------------------------------------------------------- sections

        private ZoneId zone(YamlMap top) {
            Node node = top.required("timeZone");
            String value = scalar(node, "timeZone");
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw errors.at(node, "unknown time zone '" + value + "' (use a region id such as UTC or Europe/Berlin)");
            }
        }

        private BusinessHours businessHours(Node node, ZoneId zone) {
            YamlMap map = YamlMap.of(errors, "businessHours", node, List.of("days", "start", "end", "holidays"));
            Set<DayOfWeek> days = new LinkedHashSet<>();
            SequenceNode dayNodes = sequence(map.required("days"), "businessHours.days");
            if (dayNodes.getValue().isEmpty()) {
                throw errors.at(dayNodes, "businessHours.days must name at least one day");
            }
            for (Node dayNode : dayNodes.getValue()) {
                days.add(day(dayNode));
            }
            LocalTime start = time(map.required("start"), "businessHours.start");
            LocalTime end = time(map.required("end"), "businessHours.end");
            if (!start.isBefore(end)) {
                throw errors.at(map.required("end"), "businessHours.end " + end + " must be after start " + start);
            }
            Set<LocalDate> holidays = new LinkedHashSet<>();
            if (map.optional("holidays").isPresent()) {
                for (Node holiday : sequence(map.required("holidays"), "businessHours.holidays").getValue()) {
                    String value = scalar(holiday, "businessHours.holidays item");
                    try {
                        holidays.add(LocalDate.parse(value));
                    } catch (DateTimeException e) {
                        throw errors.at(holiday, "bad date '" + value + "' in businessHours.holidays: expected YYYY-MM-DD");
                    }
                }
            }
            return new BusinessHours(zone, days, start, end, holidays);
        }

        private DayOfWeek day(Node node) {
            String value = scalar(node, "businessHours.days item").strip().toUpperCase(Locale.ROOT);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day.name().equals(value) || day.name().substring(0, 3).equals(value)) {
                    return day;
                }
            }
            throw errors.at(node, "unknown day '" + value + "' in businessHours.days (expected MON, TUE, WED, THU, FRI, SAT, SUN)");
        }

        private LocalTime time(Node node, String path) {
            String value = scalar(node, path);
            try {
                return LocalTime.parse(value.length() == 4 ? "0" + value : value);
            } catch (DateTimeException e) {
                throw errors.at(node, "bad time '" + value + "' for " + path + ": expected HH:MM, e.g. \"09:00\"");
            }
        }

        private RunbookLink runbook(Node node, String path) {
            YamlMap map = YamlMap.of(errors, path, node, List.of("label", "url"));
            return new RunbookLink(string(map, "label"), string(map, "url"));
        }

        private List<Person> people(Node node) {
            SequenceNode sequence = sequence(node, "people");
            if (sequence.getValue().isEmpty()) {
                throw errors.at(node, "people must list at least one person (on-call needs a fallback)");
            }
            List<Person> people = new ArrayList<>();
            Map<String, Node> seen = new LinkedHashMap<>();
            for (Node item : sequence.getValue()) {
                YamlMap map = YamlMap.of(errors, "people item", item,
                        List.of("id", "name", "email", "page", "github", "railway"));
                String id = string(map, "id");
                Node earlier = seen.putIfAbsent(id, map.required("id"));
                if (earlier != null) {
                    throw errors.at(map.required("id"), "duplicate person '" + id + "' (first defined at line "
                            + (earlier.getStartMark().getLine() + 1) + ")");
                }
                people.add(new Person(id, string(map, "name"), email(map.required("email"), "people." + id + ".email"),
                        optionalString(map, "page"), optionalStringList(map, "github"), optionalStringList(map, "railway")));
            }
            return people;
        }

        private String personRef(Node node, String path, Set<String> personIds) {
            String id = scalar(node, path);
            if (!personIds.contains(id)) {
                throw errors.at(node, "unknown person '" + id + "' in " + path + Suggestions.didYouMean(id, personIds)
                        + "; people are: " + String.join(", ", personIds));
            }
            return id;
        }

        private RolePolicy roles(Node node, List<Person> people, Set<String> personIds) {
            Map<String, NodeTuple> entries = YamlMap.entries(errors, "roles", node);
            Map<String, Role> roles = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
                String name = entry.getKey();
                String path = "roles." + name;
                Node value = entry.getValue().getValueNode();
                if (value instanceof SequenceNode sequence) {
                    if (sequence.getValue().isEmpty()) {
                        throw errors.at(value, path + " names nobody; list at least one person id");
                    }
                    List<String> ids = new ArrayList<>();
                    for (Node item : sequence.getValue()) {
                        ids.add(personRef(item, path, personIds));
                    }
                    roles.put(name, new Role.People(ids));
                } else if (value instanceof ScalarNode && !YamlMap.isNull(value)) {
                    String text = scalar(value, path);
                    if (!text.equals("all")) {
                        throw errors.at(value, "expected 'all' or a list of person ids for " + path + ", found '" + text + "'");
                    }
                    roles.put(name, new Role.Everyone());
                } else if (value instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
                    boolean componentOwner = mapping.getValue().stream()
                            .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("componentOwner"));
                    if (componentOwner) {
                        YamlMap map = YamlMap.of(errors, path, value, List.of("componentOwner", "fallbackRole"));
                        if (!bool(map.required("componentOwner"), map.pathOf("componentOwner"))) {
                            throw errors.at(map.required("componentOwner"), map.pathOf("componentOwner")
                                    + " must be true (leave the key out for another kind of role)");
                        }
                        roles.put(name, new Role.ComponentOwner(string(map, "fallbackRole")));
                    } else {
                        YamlMap map = YamlMap.of(errors, path, value, List.of("fromLastDeployToMain", "fallback"));
                        boolean fromDeploys = map.optional("fromLastDeployToMain")
                                .map(n -> bool(n, map.pathOf("fromLastDeployToMain"))).orElse(false);
                        roles.put(name, new Role.OnCall(fromDeploys, personRef(map.required("fallback"),
                                map.pathOf("fallback"), personIds)));
                    }
                } else {
                    throw errors.at(value, path + " must be a list of person ids, 'all', {fromLastDeployToMain, fallback}"
                            + " or {componentOwner: true, fallbackRole}");
                }
            }
            Role onCall = roles.get(RolePolicy.ON_CALL);
            if (onCall == null) {
                throw errors.at(node, "missing role '" + RolePolicy.ON_CALL + "' in roles (who answers when the last"
                        + " deployer is unknown: {fromLastDeployToMain: true, fallback: <person>})");
            }
            if (!(onCall instanceof Role.OnCall)) {
                throw errors.at(entries.get(RolePolicy.ON_CALL).getValueNode(), "roles." + RolePolicy.ON_CALL
                        + " must be {fromLastDeployToMain: true|false, fallback: <person>}");
            }
            for (Map.Entry<String, Role> entry : roles.entrySet()) {
                if (entry.getValue() instanceof Role.ComponentOwner owner) {
                    Node fallbackNode = ((org.yaml.snakeyaml.nodes.MappingNode) entries.get(entry.getKey()).getValueNode())
                            .getValue().stream()
                            .filter(t -> ((ScalarNode) t.getKeyNode()).getValue().equals("fallbackRole"))
                            .findFirst().orElseThrow().getValueNode();
                    Role fallback = roles.get(owner.fallbackRole());
                    if (fallback == null) {
                        throw errors.at(fallbackNode, "unknown role '" + owner.fallbackRole() + "' in roles."
                                + entry.getKey() + ".fallbackRole" + Suggestions.didYouMean(owner.fallbackRole(), roles.keySet()));
                    }
                    if (fallback instanceof Role.ComponentOwner) {
                        throw errors.at(fallbackNode, "roles." + entry.getKey() + ".fallbackRole '" + owner.fallbackRole()
                                + "' is itself a component-owner role; fall back to a role naming people");
                    }
                }
            }
            return new RolePolicy(roles, people);
        }

        private String roleRef(Node node, String path, Set<String> roles) {
            String role = scalar(node, path);
            if (!roles.contains(role)) {
                throw errors.at(node, "unknown role '" + role + "' in " + path + Suggestions.didYouMean(role, roles)
                        + "; roles are: " + String.join(", ", roles));
            }
            return role;
        }

        private Map<Severity, SeverityPolicy> severities(Node node, Set<String> roles) {
            Map<String, NodeTuple> entries = YamlMap.entries(errors, "severities", node);
            Map<Severity, SeverityPolicy> severities = new EnumMap<>(Severity.class);
            List<String> levels = java.util.Arrays.stream(Severity.values()).map(Enum::name).toList();
            for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
                if (!levels.contains(entry.getKey())) {
                    throw errors.at(entry.getValue().getKeyNode(), "unknown severity '" + entry.getKey()
                            + "' in severities (expected " + String.join(", ", levels) + ")");
                }
                Severity level = Severity.valueOf(entry.getKey());
                severities.put(level, severity(level, entry.getValue().getValueNode(), roles));
            }
            for (Severity level : Severity.values()) {
                if (!severities.containsKey(level)) {
                    throw errors.at(node, "missing severity level " + level + " in severities (P1, P2, P3 and P4 are all required)");
                }
            }
            return severities;
        }

        private SeverityPolicy severity(Severity level, Node node, Set<String> roles) {
            YamlMap map = YamlMap.of(errors, "severities." + level, node, SEVERITY_KEYS);
            Node responseNode = map.required("responseTime");
            Optional<Duration> responseTime = NEXT_BUSINESS_DAY.equals(scalar(responseNode, map.pathOf("responseTime")))
                    ? Optional.empty()
                    : Optional.of(positiveDuration(map, "responseTime"));
            String firstResponder = roleRef(map.required("firstResponder"), map.pathOf("firstResponder"), roles);
            List<String> alsoNotify = new ArrayList<>();
            if (map.has("alsoNotify")) {
                for (Node item : sequence(map.required("alsoNotify"), map.pathOf("alsoNotify")).getValue()) {
                    alsoNotify.add(roleRef(item, map.pathOf("alsoNotify"), roles));
                }
            }
            Channel channel = channel(map.required("firstChannel"), map.pathOf("firstChannel"));
            Optional<String> escalateTo = map.optional("escalateTo").map(n -> roleRef(n, map.pathOf("escalateTo"), roles));
            EscalationTrigger trigger = trigger(map.required("escalationTrigger"), map.pathOf("escalationTrigger"));
            if (trigger == EscalationTrigger.NONE && escalateTo.isPresent()) {
                throw errors.at(map.required("escalateTo"), map.pathOf("escalateTo")
                        + " is set but escalationTrigger is none; remove one of them");
            }
            if (trigger != EscalationTrigger.NONE && escalateTo.isEmpty()) {
                throw errors.at(map.required("escalationTrigger"), map.pathOf("escalationTrigger") + " is "
                        + trigger.yamlName() + " but escalateTo is missing: name the role to escalate to");
            }
            if (trigger != EscalationTrigger.NONE && responseTime.isEmpty()) {
                throw errors.at(responseNode, map.pathOf("responseTime") + " is " + NEXT_BUSINESS_DAY
                        + ", which cannot trigger an escalation; use a duration or escalationTrigger: none");
            }
            Optional<CommunicationPolicy> communication = map.optional("communication")
                    .map(n -> communication(n, map.pathOf("communication")));
            PostmortemPolicy postmortem = postmortem(map.required("postmortem"), map.pathOf("postmortem"));
            return new SeverityPolicy(level, string(map, "name"), responseTime, firstResponder, alsoNotify, channel,
                    escalateTo, trigger, communication, postmortem);
        }

        private Channel channel(Node node, String path) {
            String value = scalar(node, path);
            for (Channel channel : Channel.values()) {
                if (channel.name().equalsIgnoreCase(value)) {
                    return channel;
                }
            }
            throw errors.at(node, "unknown channel '" + value + "' for " + path + " (expected PAGE or EMAIL)");
        }

        private EscalationTrigger trigger(Node node, String path) {
            String value = scalar(node, path);
            for (EscalationTrigger trigger : EscalationTrigger.values()) {
                if (trigger.yamlName().equals(value)) {
                    return trigger;
                }
            }
            throw errors.at(node, "unknown escalation trigger '" + value + "' for " + path
                    + " (expected not-mitigated, no-progress or none)");
        }

        private CommunicationPolicy communication(Node node, String path) {
            YamlMap map = YamlMap.of(errors, path, node, List.of("initialNoticeWithin", "updateEvery", "reminderBefore",
                    "resolutionNotice", "resolutionNoticeWithin"));
            Duration initial = positiveDuration(map, "initialNoticeWithin");
            Duration every = positiveDuration(map, "updateEvery");
            Duration reminder = duration(map, "reminderBefore");
            if (reminder.compareTo(every) >= 0) {
                throw errors.at(map.required("reminderBefore"), map.pathOf("reminderBefore")
                        + " must be shorter than updateEvery (" + TemplateVariables.duration(every) + ")");
            }
            boolean resolution = bool(map.required("resolutionNotice"), map.pathOf("resolutionNotice"));
            Duration resolutionWithin = map.optional("resolutionNoticeWithin")
                    .map(n -> duration(n, map.pathOf("resolutionNoticeWithin"))).orElse(Duration.ZERO);
            return new CommunicationPolicy(initial, every, reminder, resolution, resolutionWithin);
        }

        private PostmortemPolicy postmortem(Node node, String path) {
            YamlMap map = YamlMap.of(errors, path, node, List.of("required", "meetingWithin", "writeupWithinBusinessDays"));
            boolean required = bool(map.required("required"), map.pathOf("required"));
            Optional<Duration> meeting = map.optional("meetingWithin").map(n -> duration(n, map.pathOf("meetingWithin")));
            OptionalInt writeup = map.optional("writeupWithinBusinessDays")
                    .map(n -> OptionalInt.of(positiveInt(n, map.pathOf("writeupWithinBusinessDays"))))
                    .orElse(OptionalInt.empty());
            if (required) {
                map.required("meetingWithin");
                map.required("writeupWithinBusinessDays");
            }
            return new PostmortemPolicy(required, meeting, writeup);
        }

        private List<ComponentPolicy> components(Node node, Set<String> personIds) {
            List<ComponentPolicy> components = new ArrayList<>();
            Map<String, Node> seen = new LinkedHashMap<>();
            for (Node item : sequence(node, "components").getValue()) {
                YamlMap map = YamlMap.of(errors, "components item", item, List.of("name", "core", "owner", "runbook", "matchers"));
                String name = string(map, "name");
                Node earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), map.required("name"));
                if (earlier != null) {
                    throw errors.at(map.required("name"), "duplicate component '" + name + "' (first defined at line "
                            + (earlier.getStartMark().getLine() + 1) + ")");
                }
                String path = "components." + name;
                boolean core = bool(map.required("core"), path + ".core");
                Optional<String> owner = map.optional("owner").map(n -> personRef(n, path + ".owner", personIds));
                Optional<RunbookLink> runbook = map.optional("runbook").map(n -> runbook(n, path + ".runbook"));
                List<ComponentMatcher> matchers = new ArrayList<>();
                if (map.has("matchers")) {
                    for (Node matcher : sequence(map.required("matchers"), path + ".matchers").getValue()) {
                        matchers.add(matcher(matcher, path + ".matchers"));
                    }
                }
                components.add(new ComponentPolicy(name, core, owner, runbook, matchers));
            }
            return components;
        }

        private ComponentMatcher matcher(Node node, String path) {
            YamlMap map = YamlMap.of(errors, path + " item", node, MATCHER_KEYS);
            if (map.keys().stream().noneMatch(map::has)) {
                throw errors.at(node, "component matcher in " + path + " has no fields, so it would match every alert;"
                        + " give at least one of " + String.join(", ", MATCHER_KEYS));
            }
            Optional<String> labelKey = Optional.empty();
            Optional<String> labelValue = Optional.empty();
            Optional<String> label = optionalString(map, "label");
            if (label.isPresent()) {
                int equals = label.get().indexOf('=');
                if (equals < 1 || equals == label.get().length() - 1) {
                    throw errors.at(map.required("label"), "bad label matcher '" + label.get() + "' in " + path
                            + ": expected key=value, e.g. job=redis");
                }
                labelKey = Optional.of(label.get().substring(0, equals).strip());
                labelValue = Optional.of(label.get().substring(equals + 1).strip());
            }
            return new ComponentMatcher(optionalString(map, "source"), optionalString(map, "service"),
                    optionalString(map, "project"), optionalString(map, "environment"), labelKey, labelValue,
                    optionalString(map, "titleContains"), optionalString(map, "dedupKeyPrefix"));
        }

        private List<Tenant> tenants(Node node) {
            List<Tenant> tenants = new ArrayList<>();
            Map<String, Node> seen = new LinkedHashMap<>();
            for (Node item : sequence(node, "tenants").getValue()) {
                YamlMap map = YamlMap.of(errors, "tenants item", item, List.of("id", "name", "contacts"));
                String id = string(map, "id");
                Node earlier = seen.putIfAbsent(id, map.required("id"));
                if (earlier != null) {
                    throw errors.at(map.required("id"), "duplicate tenant '" + id + "' (first defined at line "
                            + (earlier.getStartMark().getLine() + 1) + ")");
                }
                String path = "tenants." + id + ".contacts";
                if (map.optional("contacts").isEmpty() && !map.keys().contains("contacts")) {
                    throw errors.at(item, "missing required key 'contacts' in tenant '" + id
                            + "' (write contacts: [] for a tenant nobody can be told about)");
                }
                List<String> contacts = new ArrayList<>();
                if (map.has("contacts")) {
                    for (Node contact : sequence(map.required("contacts"), path).getValue()) {
                        contacts.add(email(contact, path));
                    }
                }
                tenants.add(new Tenant(id, string(map, "name"), contacts));
            }
            return tenants;
        }

        private Classification classification(Node node) {
            YamlMap map = YamlMap.of(errors, "classification", node, List.of("allTenantsThreshold"));
            return new Classification(map.optional("allTenantsThreshold")
                    .map(n -> OptionalInt.of(positiveInt(n, "classification.allTenantsThreshold")))
                    .orElse(OptionalInt.empty()));
        }

        // ---------------------------------------------------------------- templates

        private Templates templates(Node node, Map<String, Object> defaults) {
            Map<String, NodeTuple> entries = YamlMap.entries(errors, "templates", node);
            Set<String> known = TemplateVariables.templateNames();
            MustacheCompiler compiler = new MustacheCompiler();
            Map<String, Template> templates = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
                String name = entry.getKey();
                if (!known.contains(name)) {
                    throw errors.at(entry.getValue().getKeyNode(), "unknown template '" + name + "'"
                            + Suggestions.didYouMean(name, known) + "; templates are: " + String.join(", ", known));
                }
                YamlMap map = YamlMap.of(errors, "templates." + name, entry.getValue().getValueNode(), List.of("subject", "body"));
                ScalarNode subjectNode = templateText(map, "subject");
                ScalarNode bodyNode = templateText(map, "body");
                Mustache subject = compile(compiler, name, "subject", subjectNode);
                Mustache body = compile(compiler, name, "body", bodyNode);
                templates.put(name, new Template(name, subjectNode.getValue(), bodyNode.getValue(), subject, body, defaults));
            }
            for (String required : TemplateVariables.REQUIRED_TEMPLATES) {
                if (!templates.containsKey(required)) {
                    throw errors.at(node, "missing template '" + required + "' in templates");
                }
            }
            return new Templates(templates);
        }

        private ScalarNode templateText(YamlMap map, String key) {
            Node node = map.required(key);
            scalar(node, map.pathOf(key));
            return (ScalarNode) node;
        }

        private Mustache compile(MustacheCompiler compiler, String template, String part, ScalarNode node) {
            String path = "templates." + template + "." + part;
            String source = node.getValue();
            Mustache mustache;
            try {
                mustache = compiler.compile(path, source);
            } catch (MustacheException e) {
                Matcher line = MUSTACHE_LINE.matcher(String.valueOf(e.getMessage()));
                int offset = line.find() ? offsetOfLine(source, Integer.parseInt(line.group(1))) : 0;
                String message = String.valueOf(e.getMessage()).replaceAll("\\s*@\\[[^\\]]*\\]", "")
                        .replace(" in " + path + ":", " at template line ");
                throw at(node, offset, "invalid Mustache in " + path + ": " + message);
            }
            checkVariables(mustache.getCodes(), template, path, node, Optional.empty());
            return mustache;
        }

        private void checkVariables(com.github.mustachejava.Code[] codes, String template, String path, ScalarNode node,
                Optional<String> section) {
            if (codes == null) {
                return;
            }
            Set<String> allowed = TemplateVariables.of(template);
            for (com.github.mustachejava.Code code : codes) {
                String name = code.getName();
                boolean variable = code instanceof com.github.mustachejava.codes.ValueCode;
                boolean block = code instanceof com.github.mustachejava.codes.IterableCode;
                if ((variable || block) && name != null) {
                    String first = name.equals(".") ? "." : name.split("\\.", -1)[0];
                    Set<String> itemFields = section.map(s -> TemplateVariables.ITEM_FIELDS.getOrDefault(s, Set.of()))
                            .orElse(Set.of());
                    boolean known = allowed.contains(first) || itemFields.contains(first)
                            || (first.equals(".") && section.isPresent());
                    if (!known) {
                        Set<String> candidates = new LinkedHashSet<>(allowed);
                        candidates.addAll(itemFields);
                        throw at(node, offsetOfTag(node.getValue(), name), "unknown variable '" + name + "' in " + path
                                + Suggestions.didYouMean(name, candidates) + "; " + template + " gets: "
                                + String.join(", ", allowed));
                    }
                }
                if (block) {
                    checkVariables(code.getCodes(), template, path, node,
                            TemplateVariables.ITEM_FIELDS.containsKey(name) ? Optional.of(name) : section);
                }
            }
        }

        /** Offset in the template text of the first tag naming {@code name}. */
        private static int offsetOfTag(String source, String name) {
            Matcher tag = Pattern.compile("\\{\\{[#^/&{]?\\s*" + Pattern.quote(name) + "\\s*}?}}").matcher(source);
            return tag.find() ? tag.start() : 0;
        }

        private static int offsetOfLine(String source, int line) {
            int offset = 0;
            for (int i = 1; i < line && offset >= 0; i++) {
                offset = source.indexOf('\n', offset);
                offset = offset < 0 ? -1 : offset + 1;
            }
            return Math.max(0, offset);
        }

        /**
         * An error at a position inside a scalar's text: exact for literal blocks ({@code |}, each text line
         * is a file line) and single-line scalars, the scalar's start otherwise.
         */
        private PolicyException at(ScalarNode node, int offset, String reason) {
            String value = node.getValue();
            int lineInValue = 0;
            int lineStart = 0;
            for (int i = 0; i < offset && i < value.length(); i++) {
                if (value.charAt(i) == '\n') {
                    lineInValue++;
                    lineStart = i + 1;
                }
            }
            int columnInLine = offset - lineStart;
            int startLine = node.getStartMark().getLine();
            switch (node.getScalarStyle()) {
                case LITERAL -> {
                    int fileLine = startLine + 1 + lineInValue;
                    int lineEnd = value.indexOf('\n', lineStart);
                    String valueLine = value.substring(lineStart, lineEnd < 0 ? value.length() : lineEnd);
                    int indent = fileLine < lines.length ? Math.max(0, lines[fileLine].length() - valueLine.length()) : 0;
                    return errors.at(fileLine + 1, indent + columnInLine + 1, reason);
                }
                case PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED -> {
                    if (lineInValue == 0 && node.getStartMark().getLine() == node.getEndMark().getLine()) {
                        int quote = node.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
                        return errors.at(startLine + 1, node.getStartMark().getColumn() + quote + columnInLine + 1, reason);
                    }
                    return errors.at(node, reason);
                }
                default -> {
                    return errors.at(node, reason);
                }
            }
        }
    }
}
