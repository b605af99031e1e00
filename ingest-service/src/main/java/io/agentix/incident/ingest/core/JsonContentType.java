package io.agentix.incident.ingest.core;

import java.util.Locale;

/**
 * Which {@code Content-Type}s carry a JSON webhook: {@code application/json} and any
 * {@code application/*+json}, with or without parameters such as a charset. Everything else,
 * including a missing header, {@code text/plain} and form encodings, is refused with 415: a
 * GitHub webhook set to form encoding, for one, would not parse.
 */
public final class JsonContentType {

    private JsonContentType() {
    }

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        if (!mediaType.startsWith("application/")) {
            return false;
        }
        String subtype = mediaType.substring("application/".length());
        return subtype.equals("json") || (subtype.endsWith("+json") && subtype.length() > "+json".length());
    }
}
