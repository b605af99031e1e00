package io.agentix.incident.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.agentix.incident.notifier.channel.WebhookPageChannel;

/**
 * The driver of {@code bench/pipeline-bench.sh} (issue 6): sends alerts, each a distinct problem, to the whole
 * engine (ingest-service's Alertmanager webhook endpoint) or to Prometheus Alertmanager ({@code POST
 * /api/v2/alerts}), one alert per request over HTTP/1.1 keep-alive, and receives what comes out at the other
 * end: the notifier's signed webhook pages ({@code /pages/<person>}, signature checked as a real pager would)
 * or Alertmanager's webhook notifications ({@code /alertmanager}). Each alert carries an id of its own in its
 * title and its {@code bench_id} label, so every page or notification is matched to the request that caused
 * it: latency (send -> received), loss and duplicates are counted per alert. A page is one delivery per {@code
 * X-Delivery-Id}, the notifier's idempotency key: a page received again under an id already seen (the notifier
 * retried after an error or a timeout) is counted as redelivered, apart from duplicates (a second delivery for
 * one alert, which would page twice).
 *
 * <p>Phases (comma-separated {@code --phases}): {@code warmup:RATE:SECONDS} (open loop, not reported),
 * {@code open:RATE:SECONDS} (open loop: request i is due at start + i/RATE, latency counts from when it was
 * due, so a stalled server cannot hide its queue), {@code closed:CONCURRENCY:SECONDS} (each of CONCURRENCY
 * connections sends its next request when the previous is answered: the maximum rate). After each phase the
 * driver waits for every accepted alert's page (at most {@code --drain-seconds}, or until nothing arrived for
 * {@code --stall-seconds}); at the end it waits once more for every phase's stragglers ({@code
 * --final-drain-seconds}) and counts loss and duplicates. Prints one JSON line for the memory at rest, one per
 * phase and a final one.
 *
 * <pre>
 * java -cp benchmarks.jar io.agentix.incident.bench.PipelineBench --target pipeline|alertmanager
 *     --port PORT [--path PATH] --receiver-port PORT [--smtp-port PORT] [--page-secret S]
 *     --phases warmup:100:20,open:100:30,open:1000:30,closed:16:30 [--label L]
 *     [--proc NAME:PID[:ADMIN_PORT]]... [--drain-seconds 120] [--stall-seconds 30] [--open-connections 32]
 *     [--final-drain-seconds 300]
 * </pre>
 */
public final class PipelineBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BENCH_ID = Pattern.compile("Bench alert (b[0-9a-z]+-[0-9]+-[0-9]+)");
    private static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

    /** What became of one alert sent. */
    private static final class Sent {
        final long sentNanos;
        /** Set when the answer is a 2xx; a page may arrive before the answer does. */
        volatile boolean accepted;
        long receivedNanos;
        /** Distinct deliveries received: a page per {@code X-Delivery-Id}, every Alertmanager notification. */
        volatile int received;
        /** Pages received again with an {@code X-Delivery-Id} already seen: the notifier retried a delivery. */
        volatile int redelivered;
        /** The {@code X-Delivery-Id}s received, when more than one arrived (rare: only retries and duplicates). */
        Set<String> deliveryIds;
        String firstDeliveryId;

        /** Counts one arrival; false when it is a delivery already received (same id), true when it is new. */
        boolean arrived(String deliveryId) {
            if (deliveryId != null) {
                if (firstDeliveryId == null) {
                    firstDeliveryId = deliveryId;
                } else {
                    if (deliveryIds == null) {
                        deliveryIds = new HashSet<>();
                        deliveryIds.add(firstDeliveryId);
                    }
                    if (!deliveryIds.add(deliveryId)) {
                        redelivered++;
                        return false;
                    }
                }
            }
            received++;
            return true;
        }

        Sent(long sentNanos) {
            this.sentNanos = sentNanos;
        }
    }

    /** One phase's alerts and what arrived for them. */
    private static final class PhaseRecord {
        final Map<String, Sent> sent = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final List<Long> ackNanos = new ArrayList<>();
        volatile long lastReceivedNanos;
        final AtomicLong receivedTotal = new AtomicLong();
        final String spec;
        volatile long startNanos;

        PhaseRecord(String spec) {
            this.spec = spec;
        }

        synchronized void ack(long nanos) {
            ackNanos.add(nanos);
        }
    }

    private final String target;
    private final int port;
    private final String path;
    private final String label;
    private final String pageSecret;
    private final String run = "b" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final Map<Integer, PhaseRecord> phases = new ConcurrentHashMap<>();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong mails = new AtomicLong();
    private final List<String[]> procs;
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int openConnections;
    /** USER_HZ, the unit of /proc/PID/stat's CPU times ({@code getconf CLK_TCK}; 100 on Linux x86 and arm). */
    private final double clockTicks;

    private PipelineBench(Map<String, String> options, List<String[]> procs) {
        this.target = required(options, "target");
        if (!target.equals("pipeline") && !target.equals("alertmanager")) {
            throw new IllegalArgumentException("--target must be pipeline or alertmanager, was " + target);
        }
        this.port = Integer.parseInt(required(options, "port"));
        this.path = options.getOrDefault("path", target.equals("pipeline") ? "/webhooks/alertmanager/dev" : "/api/v2/alerts");
        this.label = options.getOrDefault("label", target);
        this.pageSecret = options.getOrDefault("page-secret", "bench-page-secret");
        this.openConnections = Integer.parseInt(options.getOrDefault("open-connections", "32"));
        this.procs = procs;
        this.clockTicks = Double.parseDouble(options.getOrDefault("clock-ticks", "100"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String[]> procs = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            if (args[i].equals("--proc")) {
                procs.add(args[i + 1].split(":"));
            } else {
                options.put(args[i].substring(2), args[i + 1]);
            }
        }
        PipelineBench bench = new PipelineBench(options, procs);
        int receiverPort = Integer.parseInt(required(options, "receiver-port"));
        int smtpPort = Integer.parseInt(options.getOrDefault("smtp-port", "0"));
        long drainNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("drain-seconds", "120")));
        long stallNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("stall-seconds", "30")));

        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 256);
        receiver.createContext("/pages/", bench::receivePage);
        receiver.createContext("/alertmanager", bench::receiveAlertmanager);
        ExecutorService receiverThreads = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiverThreads);
        receiver.start();
        SmtpSink smtp = smtpPort > 0 ? new SmtpSink(smtpPort, id -> bench.mails.incrementAndGet()) : null;
        try {
            System.out.println(bench.restLine());
            System.out.flush();
            String[] specs = required(options, "phases").split(",");
            for (int index = 0; index < specs.length; index++) {
                String line = bench.runPhase(index, specs[index].trim(), drainNanos, stallNanos);
                if (line != null) {
                    System.out.println(line);
                    System.out.flush();
                }
            }
            long finalDrainNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("final-drain-seconds", "300")));
            System.out.println(bench.finalLine(finalDrainNanos, stallNanos));
            System.out.flush();
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
            if (smtp != null) {
                smtp.close();
            }
        }
        System.exit(0);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------
    // Load
    // ---------------------------------------------------------------------------------------------

    private String runPhase(int index, String spec, long drainNanos, long stallNanos) throws InterruptedException {
        String[] parts = spec.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a phase is kind:number:seconds, got '" + spec + "'");
        }
        String kind = parts[0];
        int number = Integer.parseInt(parts[1]);
        int seconds = Integer.parseInt(parts[2]);
        PhaseRecord record = new PhaseRecord(spec);
        phases.put(index, record);
        System.err.printf(Locale.ROOT, "%s %s: %s %d for %d s%n", Instant.now(), label, kind, number, seconds);
        Map<String, Long> cpuAtStart = cpuTicks();
        Map<String, Long> jitAtStart = jitTicks();
        MemorySampler sampler = new MemorySampler();
        Thread samplerThread = new Thread(sampler, "memory-sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();
        long start = System.nanoTime();
        record.startNanos = start;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> senders = new ArrayList<>();
        switch (kind) {
            case "warmup", "open" -> {
                int connections = Math.max(1, Math.min(openConnections, number));
                double interval = 1e9 / number;
                long total = (long) number * seconds;
                for (int c = 0; c < connections; c++) {
                    int first = c;
                    senders.add(new Thread(() -> openLoop(index, record, first, connections, total, start, interval), "open-" + c));
                }
            }
            case "closed" -> {
                AtomicLong sequence = new AtomicLong();
                for (int c = 0; c < number; c++) {
                    senders.add(new Thread(() -> closedLoop(index, record, sequence, end), "closed-" + c));
                }
            }
            default -> throw new IllegalArgumentException("unknown phase kind '" + kind + "' (warmup, open, closed)");
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        long sendEnd = System.nanoTime();
        Map<String, Long> cpuAtSendEnd = cpuTicks();
        Map<String, Long> jitAtSendEnd = jitTicks();
        long accepted = record.sent.values().stream().filter(s -> s.accepted).count();
        long drainDeadline = sendEnd + drainNanos;
        while (true) {
            long delivered = deliveredAccepted(record);
            long now = System.nanoTime();
            long lastProgress = Math.max(sendEnd, record.lastReceivedNanos);
            if (delivered >= accepted || now > drainDeadline || now - lastProgress > stallNanos) {
                break;
            }
            Thread.sleep(50); // waiting for pages to arrive: a harness poll, not a test
        }
        long drainEnd = System.nanoTime();
        Map<String, Long> cpuAtDrainEnd = cpuTicks();
        sampler.stop();
        samplerThread.join();
        if (kind.equals("warmup")) {
            return null;
        }
        Map<String, Object> cpu = cpuUse(cpuAtStart, cpuAtSendEnd, cpuAtDrainEnd, jitAtStart, jitAtSendEnd,
                (sendEnd - start) / 1e9, (drainEnd - start) / 1e9, deliveredAccepted(record));
        return phaseLine(kind, number, seconds, record, start, sendEnd, sampler, cpu);
    }

    private void openLoop(int phase, PhaseRecord record, int first, int stride, long total, long start, double interval) {
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
            for (long i = first; i < total; i += stride) {
                long due = start + (long) (i * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(client, phase, record, i, due);
            }
        }
    }

    private void closedLoop(int phase, PhaseRecord record, AtomicLong sequence, long end) {
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
            while (System.nanoTime() < end) {
                send(client, phase, record, sequence.getAndIncrement(), System.nanoTime());
            }
        }
    }

    private void send(KeepAliveClient client, int phase, PhaseRecord record, long seq, long sentNanos) {
        String id = run + "-" + phase + "-" + seq;
        byte[] body = (target.equals("pipeline") ? alertmanagerWebhook(id) : apiAlerts(id)).getBytes(StandardCharsets.UTF_8);
        // Registered before the request: the page may arrive before the answer does.
        Sent sent = new Sent(sentNanos);
        record.sent.put(id, sent);
        int status;
        try {
            long before = System.nanoTime();
            status = client.post(path, body);
            record.ack(System.nanoTime() - before);
        } catch (IOException e) {
            if (record.errors.incrementAndGet() <= 3) {
                System.err.println("request " + id + " failed: " + e);
            }
            return;
        }
        if (status / 100 == 2) {
            sent.accepted = true;
        } else if (record.rejected.incrementAndGet() <= 3) {
            System.err.println("answer " + status + " to " + id);
        }
    }

    /** What Alertmanager itself POSTs to a webhook receiver (payload version 4), with one firing alert. */
    private static String alertmanagerWebhook(String id) {
        String alert = alertJson(id, true);
        return "{\"version\":\"4\",\"groupKey\":\"{}:{bench_id=\\\"" + id + "\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"engine\",\"groupLabels\":{\"bench_id\":\"" + id + "\"},"
                + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://127.0.0.1:9093\","
                + "\"alerts\":[" + alert + "]}";
    }

    /** Alertmanager's own API: a list of alerts, here one. */
    private static String apiAlerts(String id) {
        return "[" + alertJson(id, false) + "]";
    }

    private static String alertJson(String id, boolean webhook) {
        String now = Instant.now().toString();
        // No tenant and no policy component: the engine classifies P3, one level up in doubt: P2, which pages
        // on-call only (one page per incident), and correlates nothing (no component): each alert its own incident.
        return "{" + (webhook ? "\"status\":\"firing\",\"fingerprint\":\"" + id + "\"," : "")
                + "\"labels\":{\"alertname\":\"BenchQueueBacklog\",\"bench_id\":\"" + id + "\",\"instance\":\"" + id
                + "\",\"environment\":\"production\"},"
                + "\"annotations\":{\"summary\":\"Bench alert " + id + "\",\"description\":\"queue depth above threshold\"},"
                + "\"startsAt\":\"" + now + "\"" + (webhook ? ",\"endsAt\":\"0001-01-01T00:00:00Z\"" : "")
                + ",\"generatorURL\":\"http://127.0.0.1:9090/graph\"}";
    }

    // ---------------------------------------------------------------------------------------------
    // Receivers
    // ---------------------------------------------------------------------------------------------

    private void receivePage(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            boolean valid = WebhookPageChannel.verify(exchange.getRequestHeaders().getFirst(WebhookPageChannel.SIGNATURE_HEADER),
                    raw, pageSecret, Instant.now(), SIGNATURE_TOLERANCE);
            if (!valid) {
                badSignatures.incrementAndGet();
                respond(exchange, 401);
                return;
            }
            JsonNode page = JSON.readTree(raw);
            // X-Delivery-Id is the same on every retry of one delivery (the receiver's idempotency key): a page
            // that arrives again under an id already seen is a retry the receiver would drop, not a second page.
            delivered(page.path("subject").asText(""), exchange.getRequestHeaders().getFirst("X-Delivery-Id"), now);
            respond(exchange, 200);
        }
    }

    private void receiveAlertmanager(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode notification = JSON.readTree(in);
            for (JsonNode alert : notification.path("alerts")) {
                delivered("Bench alert " + alert.path("labels").path("bench_id").asText(""), null, now);
            }
            respond(exchange, 200);
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void delivered(String text, String deliveryId, long nanos) {
        Matcher m = BENCH_ID.matcher(text);
        if (!m.find() || !m.group(1).startsWith(run + "-")) {
            unmatched.incrementAndGet();
            return;
        }
        String id = m.group(1);
        PhaseRecord record = phases.get(Integer.parseInt(id.split("-")[1]));
        Sent sent = record == null ? null : record.sent.get(id);
        if (sent == null) {
            unmatched.incrementAndGet();
            return;
        }
        synchronized (sent) {
            if (!sent.arrived(deliveryId)) {
                return;
            }
            if (sent.received == 1) {
                sent.receivedNanos = nanos;
            }
        }
        record.receivedTotal.incrementAndGet();
        record.lastReceivedNanos = nanos;
    }

    private static long deliveredAccepted(PhaseRecord record) {
        long n = 0;
        for (Sent s : record.sent.values()) {
            if (s.accepted && s.received > 0) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // Figures
    // ---------------------------------------------------------------------------------------------

    private String phaseLine(String kind, int number, int seconds, PhaseRecord record, long start, long sendEnd,
                             MemorySampler sampler, Map<String, Object> cpu) {
        long sentCount = record.sent.size();
        long accepted = 0;
        long delivered = 0;
        long duplicates = 0;
        long redelivered = 0;
        long deliveredNotAccepted = 0;
        long firstReceived = Long.MAX_VALUE;
        long lastReceived = 0;
        List<Long> latencies = new ArrayList<>();
        for (Sent s : record.sent.values()) {
            if (s.accepted) {
                accepted++;
            }
            redelivered += s.redelivered;
            if (s.received > 0) {
                if (s.accepted) {
                    delivered++;
                    latencies.add(s.receivedNanos - s.sentNanos);
                } else {
                    deliveredNotAccepted++;
                }
                duplicates += s.received - 1;
                firstReceived = Math.min(firstReceived, s.receivedNanos);
                lastReceived = Math.max(lastReceived, s.receivedNanos);
            }
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] acks;
        synchronized (record) {
            acks = record.ackNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        double sendSeconds = (sendEnd - start) / 1e9;
        double processSeconds = lastReceived > start ? (lastReceived - start) / 1e9 : Double.NaN;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "phase");
        line.put("target", target);
        line.put("label", label);
        line.put("phase", kind);
        line.put(kind.equals("closed") ? "concurrency" : "rate", number);
        line.put("seconds", seconds);
        line.put("sent", sentCount);
        line.put("accepted", accepted);
        line.put("rejected", record.rejected.get());
        line.put("errors", record.errors.get());
        line.put("acceptedPerSecond", round(accepted / sendSeconds));
        line.put("delivered", delivered);
        line.put("missing", accepted - delivered); // within this phase's drain window; see the final line for loss
        line.put("duplicates", duplicates);
        line.put("redelivered", redelivered);
        line.put("deliveredNotAccepted", deliveredNotAccepted);
        line.put("unmatchedSoFar", unmatched.get());
        line.put("badSignaturesSoFar", badSignatures.get());
        line.put("mailsSoFar", mails.get());
        line.put("deliveredPerSecond", round(delivered / processSeconds));
        line.put("lastDeliveryAfterSendEndMs", lastReceived > sendEnd ? round((lastReceived - sendEnd) / 1e6) : 0);
        line.put("p50", ms(lat, 50));
        line.put("p90", ms(lat, 90));
        line.put("p99", ms(lat, 99));
        line.put("p999", ms(lat, 99.9));
        line.put("max", lat.length == 0 ? null : round(lat[lat.length - 1] / 1e6));
        line.put("ackP50", ms(acks, 50));
        line.put("ackP99", ms(acks, 99));
        line.put("memory", sampler.peaks());
        line.put("cpu", cpu);
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loss and duplicates per phase once everything had its chance to arrive: waits (at most {@code drainNanos},
     * or until nothing arrived for {@code stallNanos}) for every accepted alert of every phase, so an alert still
     * queued when its phase's drain window closed is counted late, not lost.
     */
    private String finalLine(long drainNanos, long stallNanos) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long missing = 0;
            long last = start;
            for (PhaseRecord record : phases.values()) {
                missing += record.sent.values().stream().filter(s -> s.accepted && s.received == 0).count();
                last = Math.max(last, record.lastReceivedNanos);
            }
            long now = System.nanoTime();
            if (missing == 0 || now - start > drainNanos || now - last > stallNanos) {
                break;
            }
            Thread.sleep(200); // waiting for late pages: a harness poll, not a test
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "final");
        line.put("target", target);
        line.put("label", label);
        line.put("waitedMs", round((System.nanoTime() - start) / 1e6));
        List<Map<String, Object>> perPhase = new ArrayList<>();
        for (int index = 0; phases.containsKey(index); index++) {
            PhaseRecord record = phases.get(index);
            long accepted = record.sent.values().stream().filter(s -> s.accepted).count();
            long delivered = record.sent.values().stream().filter(s -> s.accepted && s.received > 0).count();
            long duplicates = record.sent.values().stream().mapToLong(s -> Math.max(0, s.received - 1)).sum();
            long redelivered = record.sent.values().stream().mapToLong(s -> s.redelivered).sum();
            long[] lat = record.sent.values().stream().filter(s -> s.accepted && s.received > 0)
                    .mapToLong(s -> s.receivedNanos - s.sentNanos).sorted().toArray();
            long last = record.sent.values().stream().filter(s -> s.received > 0).mapToLong(s -> s.receivedNanos).max().orElse(0);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("phase", record.spec);
            p.put("accepted", accepted);
            p.put("delivered", delivered);
            p.put("lost", accepted - delivered);
            p.put("duplicates", duplicates);
            p.put("redelivered", redelivered);
            // The phase's figures with its stragglers counted (its own line only saw its drain window).
            p.put("deliveredPerSecond", last > record.startNanos ? round(delivered / ((last - record.startNanos) / 1e9)) : null);
            p.put("p50", ms(lat, 50));
            p.put("p99", ms(lat, 99));
            p.put("max", lat.length == 0 ? null : round(lat[lat.length - 1] / 1e6));
            perPhase.add(p);
        }
        line.put("phases", perPhase);
        line.put("unmatched", unmatched.get());
        line.put("badSignatures", badSignatures.get());
        line.put("mails", mails.get());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String restLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "rest");
        line.put("target", target);
        line.put("label", label);
        Map<String, Object> memory = new LinkedHashMap<>();
        for (String[] proc : procs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rssMb", rssMb(proc[1]));
            m.put("heapUsedMb", proc.length > 2 ? heapUsedMb(proc[2]) : null);
            memory.put(proc[0], m);
        }
        line.put("memory", memory);
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double ms(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return null;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return round(sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6);
    }

    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10) / 10.0 : null;
    }

    /** CPU time (user + system, clock ticks) of every process measured and of this driver, by name. */
    private Map<String, Long> cpuTicks() {
        return ticksByProcess(PipelineBench::cpuTicks);
    }

    /** CPU time (clock ticks) of the JIT compiler threads of every Java process measured and of this driver, by name. */
    private Map<String, Long> jitTicks() {
        return ticksByProcess(PipelineBench::jitTicks);
    }

    private Map<String, Long> ticksByProcess(Function<String, Long> ticksOfPid) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String[] proc : procs) {
            ticks.put(proc[0], ticksOfPid.apply(proc[1]));
        }
        ticks.put("driver", ticksOfPid.apply("self"));
        return ticks;
    }

    /**
     * Where the machine's CPU went in a phase, per process: cores while the phase sent, and CPU time per
     * alert delivered from the phase's start to the end of its drain (what one webhook cost that process
     * all the way to its page; a phase that ends with a backlog leaves part of its cost to the next one), and of
     * the cores while sending, those of the JVM's JIT compilers (a phase that still compiles measures warm-up).
     */
    private Map<String, Object> cpuUse(Map<String, Long> start, Map<String, Long> sendEnd, Map<String, Long> drainEnd,
                                       Map<String, Long> jitStart, Map<String, Long> jitSendEnd,
                                       double sendSeconds, double drainSeconds, long delivered) {
        Map<String, Object> use = new LinkedHashMap<>();
        double totalSending = 0;
        double totalJitSending = 0;
        double totalPerAlert = 0;
        for (Map.Entry<String, Long> entry : start.entrySet()) {
            Long atSendEnd = sendEnd.get(entry.getKey());
            Long atDrainEnd = drainEnd.get(entry.getKey());
            if (entry.getValue() == null || atSendEnd == null || atDrainEnd == null) {
                use.put(entry.getKey(), null);
                continue;
            }
            double coresSending = (atSendEnd - entry.getValue()) / clockTicks / sendSeconds;
            double cpuSeconds = (atDrainEnd - entry.getValue()) / clockTicks;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("coresSending", Math.round(coresSending * 100) / 100.0);
            m.put("coresToDrainEnd", Math.round(cpuSeconds / drainSeconds * 100) / 100.0);
            m.put("usPerDelivered", delivered > 0 ? round(cpuSeconds * 1e6 / delivered) : null);
            Long jitAtStart = jitStart.get(entry.getKey());
            Long jitAtSendEnd = jitSendEnd.get(entry.getKey());
            if (jitAtStart != null && jitAtSendEnd != null) {
                double jitCores = (jitAtSendEnd - jitAtStart) / clockTicks / sendSeconds;
                m.put("jitCoresSending", Math.round(jitCores * 100) / 100.0);
                totalJitSending += jitCores;
            }
            use.put(entry.getKey(), m);
            totalSending += coresSending;
            totalPerAlert += delivered > 0 ? cpuSeconds * 1e6 / delivered : 0;
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("coresSending", Math.round(totalSending * 100) / 100.0);
        total.put("jitCoresSending", Math.round(totalJitSending * 100) / 100.0);
        total.put("usPerDelivered", delivered > 0 ? round(totalPerAlert) : null);
        use.put("total", total);
        return use;
    }

    /** utime + stime of /proc/PID/stat (fields 14 and 15, after the parenthesized command name), or null when gone. */
    static Long cpuTicks(String pid) {
        try {
            return cpuTicksOf(Files.readString(Path.of("/proc", pid, "stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of one /proc/.../stat line. */
    private static long cpuTicksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * utime + stime of a JVM's JIT compiler threads (HotSpot's "C1 CompilerThread0", "C2 CompilerThread0", ...:
     * their /proc/PID/task/TID/comm), or null when the process is gone or is not a HotSpot JVM. HotSpot may stop
     * an idle extra compiler thread, whose time then leaves the sum; on two CPUs it runs one of each and keeps them.
     */
    static Long jitTicks(String pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            long ticks = 0;
            boolean any = false;
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"));
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        ticks += cpuTicksOf(Files.readString(task.resolve("stat")));
                        any = true;
                    }
                } catch (IOException e) {
                    // the thread ended while listed
                }
            }
            return any ? ticks : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** VmRSS of a process in MB, or null when it is gone. */
    static Double rssMb(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** jvm.memory.heap.used from a Dropwizard admin port's /metrics, in MB, or null. */
    Double heapUsedMb(String adminPort) {
        try {
            HttpResponse<byte[]> response = admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode value = JSON.readTree(response.body()).path("gauges").path("jvm.memory.heap.used").path("value");
            return value.isNumber() ? round(value.asDouble() / (1024 * 1024)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Peak RSS and heap used of each process while a phase runs: RSS every 500 ms (a read of /proc), heap
     * every 5 s. The heap comes from the service's admin /metrics, whose JSON (JVM thread states among it)
     * costs the service tens of milliseconds of CPU each time: read every 500 ms from three services, it
     * took about a tenth of a core from the machine being measured.
     */
    private final class MemorySampler implements Runnable {
        private static final int HEAP_EVERY = 10;
        private final Map<String, double[]> peaks = new ConcurrentHashMap<>();
        private volatile boolean running = true;

        @Override
        public void run() {
            for (long sample = 0; running; sample++) {
                boolean readHeap = sample % HEAP_EVERY == 0;
                for (String[] proc : procs) {
                    double[] peak = peaks.computeIfAbsent(proc[0], k -> new double[2]);
                    Double rss = rssMb(proc[1]);
                    Double heap = readHeap && proc.length > 2 ? heapUsedMb(proc[2]) : null;
                    if (rss != null) {
                        peak[0] = Math.max(peak[0], rss);
                    }
                    if (heap != null) {
                        peak[1] = Math.max(peak[1], heap);
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }

        void stop() {
            running = false;
        }

        Map<String, Object> peaks() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String[] proc : procs) {
                double[] peak = peaks.getOrDefault(proc[0], new double[2]);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rssPeakMb", peak[0] > 0 ? round(peak[0]) : null);
                m.put("heapUsedPeakMb", peak[1] > 0 ? round(peak[1]) : null);
                out.put(proc[0], m);
            }
            return out;
        }
    }
}
