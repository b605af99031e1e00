package io.agentix.incident.escalation.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.github.mustachejava.Mustache;
import org.apache.commons.io.output.StringBuilderWriter;

/**
 * One notification template of the policy: a Mustache subject and body, rendered as plain text (no
 * HTML escaping). The variables it gets are {@link TemplateVariables#of(String)}; the policy-level ones
 * ({@code customerSender}, {@code policyVersion}) are filled here, a value passed to
 * {@link #render} wins over them.
 */
public final class Template {

    /** Line breaks in a rendered subject, with the blanks around them. */
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private final String name;
    private final String subjectSource;
    private final String bodySource;
    private final Mustache subject;
    private final Mustache body;
    private final Map<String, Object> defaults;

    Template(String name, String subjectSource, String bodySource, Mustache subject, Mustache body,
            Map<String, Object> defaults) {
        this.name = Objects.requireNonNull(name, "name");
        this.subjectSource = Objects.requireNonNull(subjectSource, "subjectSource");
        this.bodySource = Objects.requireNonNull(bodySource, "bodySource");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.body = Objects.requireNonNull(body, "body");
        this.defaults = Map.copyOf(defaults);
    }

    /** The template's name in the policy (e.g. {@code initialNotice}). */
    public String name() {
        return name;
    }

    /** The subject as written in the policy. */
    public String subjectSource() {
        return subjectSource;
    }

    /** The body as written in the policy. */
    public String bodySource() {
        return bodySource;
    }

    /** The variables this template gets. */
    public Set<String> variables() {
        return TemplateVariables.of(name);
    }

    /**
     * Renders subject and body with the given variables (strings, numbers, lists of strings or of maps).
     * A missing variable renders as nothing. The subject is kept on one line: line breaks a value brings
     * in become spaces (a header must not be split).
     */
    public Rendered render(Map<String, ?> variables) {
        Map<String, Object> scope = new HashMap<>(defaults);
        scope.putAll(variables);
        List<Object> scopes = List.of(scope);
        return new Rendered(oneLine(execute(subject, subjectSource, scopes)), execute(body, bodySource, scopes));
    }

    /**
     * Renders into an unsynchronized builder sized from the template's source (values usually make the text
     * longer than its source; twice the source rarely regrows): a {@link java.io.StringWriter} synchronizes
     * every write and regrows from 16 characters, which took about a sixth of the engine's decision time
     * for an alert that pages.
     */
    private static String execute(Mustache mustache, String source, List<Object> scopes) {
        StringBuilderWriter out = new StringBuilderWriter(Math.max(64, 2 * source.length()));
        mustache.execute(out, scopes);
        return out.toString();
    }

    private static String oneLine(String text) {
        String stripped = text.strip();
        if (stripped.indexOf('\n') < 0 && stripped.indexOf('\r') < 0) {
            return stripped; // the usual case: no pattern to run
        }
        return LINE_BREAKS.matcher(stripped).replaceAll(" ");
    }

    @Override
    public String toString() {
        return "Template[" + name + "]";
    }
}
