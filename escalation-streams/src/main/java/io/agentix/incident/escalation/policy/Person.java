package io.agentix.incident.escalation.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A member of the team.
 *
 * @param id the id roles, owners and commands use
 * @param name display name
 * @param email email address (EMAIL channel)
 * @param page page route name in the notifier (PAGE channel); empty pages fall back to email
 * @param github GitHub logins: a push to main by one of them makes this person on-call
 * @param railway Railway identities (name or email of a deployment's creator), same purpose
 */
public record Person(String id, String name, String email, Optional<String> page, List<String> github, List<String> railway) {

    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(page, "page");
        github = List.copyOf(github);
        railway = List.copyOf(railway);
    }

    /**
     * True when a deploy author as a source gives it (a login, a name or an email) is this person:
     * compared without case against the id, email, name, GitHub logins and Railway identities.
     */
    public boolean isKnownAs(String authorOrEmail) {
        if (authorOrEmail == null || authorOrEmail.isBlank()) {
            return false;
        }
        String wanted = authorOrEmail.strip().toLowerCase(Locale.ROOT);
        return same(id, wanted) || same(email, wanted) || same(name, wanted)
                || github.stream().anyMatch(g -> same(g, wanted))
                || railway.stream().anyMatch(r -> same(r, wanted));
    }

    private static boolean same(String candidate, String wantedLower) {
        return candidate.toLowerCase(Locale.ROOT).equals(wantedLower);
    }
}
