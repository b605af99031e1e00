package io.agentix.incident.localstack.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Maps a method and a path such as {@code /subjects/{subject}/versions/{version}} to an action,
 * capturing the {@code {named}} segments. A path that matches a route under another method only
 * is answered 405, any other 404.
 */
final class Router {

    /** What a route does with a call; the returned object is the JSON body of a 200 answer. */
    @FunctionalInterface
    interface Action {
        Object handle(Call call);
    }

    /** A request as an action sees it: decoded path parameters and query, and the raw body. */
    record Call(Map<String, String> pathParams, Map<String, String> query, byte[] body) {

        String param(String name) {
            return Objects.requireNonNull(pathParams.get(name), () -> "no path parameter " + name);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.get(name));
        }
    }

    /** The action a request resolved to, with its path parameters. */
    record Match(Action action, Map<String, String> pathParams) {
    }

    private record Route(String method, List<String> segments, Action action) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Action action) {
        routes.add(new Route(method, segments(pattern), Objects.requireNonNull(action, "action")));
        return this;
    }

    /** Throws {@link RegistryException} 404 or 405 when no route takes the request. */
    Match match(String method, String rawPath) {
        List<String> path = segments(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments(), path);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route.action(), params);
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw RegistryException.http(405, "HTTP " + method + " is not allowed on " + rawPath + "; allowed: " + allowed);
        }
        throw RegistryException.http(404, "No such endpoint: " + method + " " + rawPath);
    }

    /** Decodes a raw query string ({@code a=1&b}); a name without a value maps to "". */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(decode(name, rawQuery), decode(value, rawQuery));
        }
        return query;
    }

    private static Map<String, String> bind(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                // Unlike in a query, a '+' in a path is a plus sign, not a space.
                .map(s -> decode(s.replace("+", "%2B"), rawPath))
                .toList();
    }

    private static String decode(String encoded, String whole) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryException.http(400, "Malformed percent-encoding in '" + whole + "': " + e.getMessage());
        }
    }
}
