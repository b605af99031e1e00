package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * At most {@code pagesPerWindow} pages per route (a person) in each window; the pages beyond are folded
 * into one digest per route and window. Windows are aligned on the epoch ({@code [k * window, (k+1) *
 * window)}), so the digest of a window has an id that does not depend on when the first page arrived.
 *
 * <p>Not thread-safe: the delivery coordinator owns it.
 */
public final class PageRateLimiter {

    private final int pagesPerWindow;
    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();

    private record Window(long startMillis, int admitted) {
    }

    public PageRateLimiter(int pagesPerWindow, Duration window) {
        if (pagesPerWindow < 1) {
            throw new IllegalArgumentException("pagesPerWindow must be at least 1, was " + pagesPerWindow);
        }
        this.pagesPerWindow = pagesPerWindow;
        this.window = Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
        }
    }

    /** The start of the window {@code now} falls in. */
    public Instant windowStart(Instant now) {
        long millis = now.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(millis, window.toMillis()) * window.toMillis());
    }

    public Duration window() {
        return window;
    }

    /**
     * Counts a page to {@code route} at {@code now}: empty when it may be sent, or the start of the window
     * whose digest it must be folded into.
     */
    public Optional<Instant> admit(String route, Instant now) {
        Objects.requireNonNull(route, "route");
        long start = windowStart(now).toEpochMilli();
        Window current = windows.get(route);
        if (current == null || current.startMillis() != start) {
            current = new Window(start, 0);
        }
        if (current.admitted() >= pagesPerWindow) {
            windows.put(route, current);
            return Optional.of(Instant.ofEpochMilli(start));
        }
        windows.put(route, new Window(start, current.admitted() + 1));
        return Optional.empty();
    }
}
