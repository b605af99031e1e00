package io.agentix.incident.ingest.core;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request headers worth keeping with a delivery: every header, lower-case, except those that
 * carry credentials. What is kept here lands in {@code webhooks.raw} and {@code webhooks.rejected}
 * for as long as they retain data, and is what normalizers see.
 */
public final class StoredHeaders {

    private StoredHeaders() {
    }

    /** Starts an empty map to {@link #put} headers into. */
    public static Map<String, String> newMap() {
        return new TreeMap<>();
    }

    /** Adds {@code name: value} to {@code kept} unless it carries a credential; repeated names are joined with ", ". */
    public static void put(Map<String, String> kept, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isCredential(lower) || value == null) {
            return;
        }
        kept.merge(lower, value, (first, next) -> first + ", " + next);
    }

    /**
     * Authorization and cookies, signatures (Sentry-Hook-Signature, X-Hub-Signature-256 and the like)
     * and anything naming a token, secret or API key.
     */
    static boolean isCredential(String lowerCaseName) {
        return lowerCaseName.equals("authorization")
                || lowerCaseName.equals("proxy-authorization")
                || lowerCaseName.equals("cookie")
                || lowerCaseName.contains("signature")
                || lowerCaseName.contains("token")
                || lowerCaseName.contains("secret")
                || lowerCaseName.contains("api-key")
                || lowerCaseName.contains("apikey");
    }
}
