package io.agentix.incident.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A monitoring tool sending webhooks at a steady rate, each a problem of its own, and doing what a real sender
 * does with the answer: a 503 with {@code Retry-After} is sent again, byte for byte, after that many seconds;
 * a 202 is done; anything else is given up (the test reads it). Every request is bounded, so a request that
 * hangs shows as an attempt without a status instead of blocking the test.
 */
final class SteadySender implements AutoCloseable {

    /** One request and its answer: {@code status} -1 when none came within the bound (or the connection failed). */
    record Attempt(int status, String retryAfter, Duration took, String failure) {
    }

    /** One webhook as the sender saw it: its attempts and, once done, the last status. */
    static final class Webhook {
        final int index;
        final String body;
        final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        Webhook(int index, String body) {
            this.index = index;
            this.body = body;
        }

        List<Attempt> attempts() {
            synchronized (attempts) {
                return List.copyOf(attempts);
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "steady-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Webhook> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final URI uri;
    private final String[] headers;
    private final Duration requestBound;
    private final int maxAttempts;

    SteadySender(URI uri, Duration requestBound, int maxAttempts, String... headers) {
        this.uri = uri;
        this.requestBound = requestBound;
        this.maxAttempts = maxAttempts;
        this.headers = headers.clone();
    }

    /** Sends {@code body.apply(i)} for i = 1, 2, ... every {@code interval}, until {@link #stopSending()} or {@code max}. */
    void start(Duration interval, int max, IntFunction<String> body) {
        scheduler.scheduleAtFixedRate(() -> {
            if (stopped.get() || sent.size() >= max) {
                return;
            }
            Webhook webhook = new Webhook(sent.size() + 1, body.apply(sent.size() + 1));
            sent.add(webhook);
            attempt(webhook);
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stopSending() {
        stopped.set(true);
    }

    /** Every webhook started so far, in the order first sent. */
    List<Webhook> webhooks() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** How many webhooks were answered {@code status} at least once. */
    long answered(int status) {
        return webhooks().stream().filter(w -> w.attempts().stream().anyMatch(a -> a.status() == status)).count();
    }

    private void attempt(Webhook webhook) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestBound)
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        long start = System.nanoTime();
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete((response, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (failure != null) {
                        webhook.attempts.add(new Attempt(-1, null, took, failure.toString()));
                        webhook.done.complete(-1);
                        return;
                    }
                    String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                    webhook.attempts.add(new Attempt(response.statusCode(), retryAfter, took, null));
                    if (response.statusCode() == 503 && retryAfter != null && webhook.attempts.size() < maxAttempts) {
                        scheduler.schedule(() -> attempt(webhook), Long.parseLong(retryAfter.trim()), TimeUnit.SECONDS);
                    } else {
                        webhook.done.complete(response.statusCode());
                    }
                });
    }

    @Override
    public void close() {
        stopSending();
        scheduler.shutdownNow();
    }
}
