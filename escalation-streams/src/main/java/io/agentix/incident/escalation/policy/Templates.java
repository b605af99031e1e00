package io.agentix.incident.escalation.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.agentix.incident.events.NotificationKind;

/** The policy's notification templates by name (names in {@link TemplateVariables}). */
public final class Templates {

    private final Map<String, Template> byName;

    Templates(Map<String, Template> byName) {
        this.byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * The template of that name.
     *
     * @throws IllegalArgumentException when the policy has none of that name (only optional templates
     *     can be missing: the loader insists on the required ones)
     */
    public Template get(String name) {
        Template template = byName.get(name);
        if (template == null) {
            throw new IllegalArgumentException("the policy has no template '" + name + "'; it has " + byName.keySet());
        }
        return template;
    }

    /** The template, when the policy defines it. */
    public Optional<Template> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The template for a notification kind, when the policy defines one. */
    public Optional<Template> forKind(NotificationKind kind) {
        return TemplateVariables.templateFor(kind).flatMap(this::find);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
