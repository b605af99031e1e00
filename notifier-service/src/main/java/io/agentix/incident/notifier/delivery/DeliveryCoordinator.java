package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.DeliveryChannel;
import io.agentix.incident.notifier.channel.InvalidNotificationException;
import io.agentix.incident.notifier.channel.SendResult;

/**
 * Decides what happens to every notification taken from the topic, from planning to the committable
 * offset; does no I/O itself. The consumer loop feeds it records, attempt outcomes, receipt
 * acknowledgements and the time, and carries out what it asks through a {@link Port}: send an attempt
 * (asynchronously), publish a receipt.
 *
 * <p>The rules it keeps:
 * <ul>
 *   <li>A delivery id with a receipt in the {@link ReceiptBook} is never attempted (effectively once).</li>
 *   <li>A record's offset is finished only when every delivery it planned has a receipt acknowledged by the
 *       broker; the committable offset is the lowest unfinished one ({@link PartitionOffsets}).</li>
 *   <li>Per incident, a notification starts only when the ones before it finished, so a parked one holds
 *       back its incident only; other incidents and partitions go on.</li>
 *   <li>A retryable failure parks the delivery for a backoff with jitter, up to {@code maxAttempts};
 *       a permanent one fails at once; an open breaker parks it without spending an attempt.</li>
 *   <li>Pages beyond a route's rate limit wait in a digest sent at the end of the window; they get
 *       DIGESTED receipts only once the digest was sent, so a crash before that loses none.</li>
 * </ul>
 *
 * <p>Single-threaded: every method is called from the consumer loop's thread. Only
 * {@link #breakerStates()} and {@link #inFlight()} may be read from other threads.
 */
public final class DeliveryCoordinator {

    /** Where the coordinator's decisions are carried out. */
    public interface Port {

        /** Send {@code attempt} without blocking; report with {@link #attempted}. */
        void attempt(Attempt attempt);

        /** Publish {@code receipt} keyed by {@code key}; report with {@link #receiptAcknowledged} or {@link #receiptFailed}. */
        void publish(String key, NotificationReceipt receipt);
    }

    /** One attempt of one delivery on its channel; {@code number} counts from 1. */
    public record Attempt(Delivery delivery, DeliveryChannel channel, int number) {
    }

    /** What became of an attempt. */
    public sealed interface Outcome {
    }

    /** The endpoint accepted it. */
    public record Sent(SendResult result) implements Outcome {
    }

    /** The endpoint did not accept it; {@code retryable} says whether another attempt may succeed. */
    public record Failed(String error, boolean retryable) implements Outcome {
    }

    private enum Phase {
        NEW, PARKED, SENDING, FOLDED, RECEIPTS, DONE
    }

    /** One delivery (or a rejection, or a digest) on its way to its receipts. */
    private static final class Task {
        final String id;
        final Delivery delivery;
        final DeliveryChannel channel;
        final Pending owner;
        final List<Task> folded = new ArrayList<>();
        final Map<String, NotificationReceipt> unacked = new LinkedHashMap<>();
        Phase phase = Phase.NEW;
        int attempts;
        Instant firstAttemptAt;
        Instant nextAttemptAt;

        Task(String id, Delivery delivery, DeliveryChannel channel, Pending owner) {
            this.id = id;
            this.delivery = delivery;
            this.channel = channel;
            this.owner = owner;
        }

        boolean isDigest() {
            return owner == null;
        }
    }

    /** A notification taken from the topic and not finished. */
    private static final class Pending {
        final int partition;
        final long offset;
        final Notification notification;
        final List<Task> tasks = new ArrayList<>();
        int unfinished;
        boolean queued;
        boolean active;

        Pending(int partition, long offset, Notification notification) {
            this.partition = partition;
            this.offset = offset;
            this.notification = notification;
        }
    }

    /** The pages a route's limit folded in one window, waiting for the window's end. */
    private static final class Collecting {
        final String route;
        final Instant windowStart;
        final Instant due;
        final List<Task> folded = new ArrayList<>();

        Collecting(String route, Instant windowStart, Instant due) {
            this.route = route;
            this.windowStart = windowStart;
            this.due = due;
        }
    }

    private record Republish(String key, Task task, Instant at) {
    }

    private final DeliverySettings settings;
    private final Channels channels;
    private final ReceiptBook book;
    private final Port port;
    private final DoubleSupplier random;
    private final DeliveryListener listener;
    private final Backoff backoff;
    private final PageRateLimiter limiter;

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionOffsets> offsets = new HashMap<>();
    private final Set<Pending> pendings = new LinkedHashSet<>();
    private final Map<String, ArrayDeque<Pending>> incidents = new HashMap<>();
    private final Map<String, Task> sendingOrParked = new HashMap<>();
    private final Set<Task> parked = new LinkedHashSet<>();
    private final Map<String, Collecting> collecting = new LinkedHashMap<>();
    private final Map<String, Task> awaitingAck = new HashMap<>();
    private final List<Republish> republish = new ArrayList<>();
    private volatile int inFlight;
    private int sending;

    /**
     * @param random numbers in [0, 1) for the backoff jitter
     */
    public DeliveryCoordinator(DeliverySettings settings, Channels channels, ReceiptBook book, Port port,
                               DoubleSupplier random, DeliveryListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.book = Objects.requireNonNull(book, "book");
        this.port = Objects.requireNonNull(port, "port");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = settings.backoff();
        this.limiter = new PageRateLimiter(settings.pagesPerRoute(), settings.rateWindow());
    }

    /** The notification at {@code offset} of {@code partition} was taken from the topic at {@code now}. */
    public void accept(int partition, long offset, Notification notification, Instant now) {
        Objects.requireNonNull(notification, "notification");
        PartitionOffsets partitionOffsets = offsets.computeIfAbsent(partition, p -> new PartitionOffsets());
        partitionOffsets.taken(offset);
        Pending pending = new Pending(partition, offset, notification);
        pendings.add(pending);
        inFlight = pendings.size();

        List<Delivery> planned;
        try {
            planned = channels.plan(notification);
            if (planned.isEmpty()) {
                throw new InvalidNotificationException("notification " + notification.getNotificationId()
                        + " plans no delivery");
            }
        } catch (InvalidNotificationException e) {
            // Nothing to send, so nothing to order behind: the rejection is recorded at once.
            Task rejection = new Task(notification.getNotificationId(), null, null, pending);
            pending.tasks.add(rejection);
            pending.unfinished = 1;
            if (book.finished(rejection.id)) {
                done(rejection, now);
            } else {
                reject(rejection, null, e.getMessage(), now);
            }
            return;
        }
        for (Delivery delivery : planned) {
            DeliveryChannel channel = channelOf(delivery.endpoint());
            pending.tasks.add(new Task(delivery.deliveryId(), delivery, channel, pending));
        }
        pending.unfinished = pending.tasks.size();
        pending.queued = true;
        ArrayDeque<Pending> queue = incidents.computeIfAbsent(notification.getIncidentId(), id -> new ArrayDeque<>());
        queue.addLast(pending);
        if (queue.peekFirst() == pending) {
            activate(pending, now);
        }
    }

    /** The record at {@code offset} cannot be read as a notification: it is counted as finished. */
    public void skip(int partition, long offset) {
        PartitionOffsets partitionOffsets = offsets.computeIfAbsent(partition, p -> new PartitionOffsets());
        partitionOffsets.taken(offset);
        partitionOffsets.finished(offset);
    }

    /**
     * The consumer's position on {@code partition} after a poll whose records were all taken: offsets below it
     * that were never taken hold no notification (see {@link PartitionOffsets#readTo}).
     */
    public void readTo(int partition, long position) {
        offsets.computeIfAbsent(partition, p -> new PartitionOffsets()).readTo(position);
    }

    /** Attempt {@code deliveryId} ended with {@code outcome} at {@code now}. Late reports (revoked) are ignored. */
    public void attempted(String deliveryId, Outcome outcome, Instant now) {
        Task task = sendingOrParked.get(deliveryId);
        if (task == null || task.phase != Phase.SENDING) {
            return;
        }
        CircuitBreaker breaker = breaker(task.delivery.endpoint());
        if (outcome instanceof Sent sent) {
            breaker.succeeded();
            sendingOrParked.remove(task.id);
            succeed(task, sent.result(), now);
        } else if (outcome instanceof Failed failed) {
            if (!failed.retryable()) {
                // The endpoint answered: it is up, and another attempt would be refused the same way.
                breaker.succeeded();
                fail(task, failed.error(), now);
            } else {
                breaker.failed(now);
                if (task.attempts >= settings.maxAttempts()) {
                    fail(task, failed.error() + " (attempt " + task.attempts + " of " + settings.maxAttempts() + ")",
                            now);
                } else {
                    Duration wait = backoff.delayAfter(task.attempts, random.getAsDouble());
                    listener.retried(task.delivery, task.attempts, failed.error(), wait);
                    park(task, now.plus(wait));
                }
            }
        }
    }

    /** The broker acknowledged the receipt keyed {@code key}. */
    public void receiptAcknowledged(String key, Instant now) {
        Task task = awaitingAck.remove(key);
        if (task == null) {
            return;
        }
        book.record(key);
        task.unacked.remove(key);
        if (task.unacked.isEmpty()) {
            done(task, now);
        }
    }

    /** Publishing the receipt keyed {@code key} failed: it is published again after the initial backoff. */
    public void receiptFailed(String key, Instant now) {
        Task task = awaitingAck.get(key);
        if (task != null) {
            republish.add(new Republish(key, task, now.plus(settings.initialBackoff())));
        }
    }

    /** Time passed: attempts whose backoff is over go out, digests whose window ended are sent. */
    public void tick(Instant now) {
        for (Iterator<Collecting> it = collecting.values().iterator(); it.hasNext(); ) {
            Collecting digest = it.next();
            if (!now.isBefore(digest.due)) {
                it.remove();
                startDigest(digest, now);
            }
        }
        List<Task> due = new ArrayList<>();
        for (Task task : parked) {
            if (!now.isBefore(task.nextAttemptAt)) {
                due.add(task);
            }
        }
        for (Task task : due) {
            parked.remove(task);
            tryAttempt(task, now);
        }
        if (!republish.isEmpty()) {
            List<Republish> ready = republish.stream().filter(r -> !now.isBefore(r.at())).toList();
            republish.removeAll(ready);
            for (Republish r : ready) {
                NotificationReceipt receipt = r.task().unacked.get(r.key());
                if (receipt != null && awaitingAck.get(r.key()) == r.task()) {
                    port.publish(r.key(), receipt);
                }
            }
        }
    }

    /** Offsets to commit per partition: those that moved since {@link #committed}. */
    public Map<Integer, Long> toCommit() {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, partitionOffsets) -> {
            OptionalLong next = partitionOffsets.toCommit();
            if (next.isPresent()) {
                result.put(partition, next.getAsLong());
            }
        });
        return result;
    }

    /** The offsets of {@link #toCommit} were committed. */
    public void committed(Map<Integer, Long> committed) {
        committed.forEach((partition, offset) -> {
            PartitionOffsets partitionOffsets = offsets.get(partition);
            if (partitionOffsets != null) {
                partitionOffsets.committed(offset);
            }
        });
    }

    /**
     * True while a delivery of {@code partitions} is being sent or waits for its receipts: giving the
     * partitions away then would let the next owner send it a second time.
     */
    public boolean busy(Collection<Integer> partitions) {
        for (Pending pending : pendings) {
            if (partitions.contains(pending.partition)) {
                for (Task task : pending.tasks) {
                    if (task.phase == Phase.SENDING || task.phase == Phase.RECEIPTS) {
                        return true;
                    }
                    if (task.phase == Phase.FOLDED && isBusyDigest(task)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * {@code partitions} were taken away: what was taken from them and not finished is forgotten (their
     * offsets are not committed, so the next owner reads them again, and receipts tell it what is done).
     */
    public void revoke(Collection<Integer> partitions) {
        List<Pending> revoked = pendings.stream().filter(p -> partitions.contains(p.partition)).toList();
        Set<Task> revokedTasks = new LinkedHashSet<>();
        for (Pending pending : revoked) {
            pendings.remove(pending);
            revokedTasks.addAll(pending.tasks);
        }
        for (Task task : revokedTasks) {
            forget(task);
        }
        for (Iterator<Collecting> it = collecting.values().iterator(); it.hasNext(); ) {
            Collecting digest = it.next();
            digest.folded.removeAll(revokedTasks);
            if (digest.folded.isEmpty()) {
                it.remove();
            }
        }
        for (Task task : List.copyOf(sendingOrParked.values())) {
            if (task.isDigest()) {
                task.folded.removeAll(revokedTasks);
            }
        }
        for (ArrayDeque<Pending> queue : incidents.values()) {
            queue.removeIf(revoked::contains);
        }
        incidents.values().removeIf(ArrayDeque::isEmpty);
        partitions.forEach(offsets::remove);
        inFlight = pendings.size();
    }

    /** Activates heads of incident queues that lost their head to a revocation; call after {@link #revoke}. */
    public void resume(Instant now) {
        for (ArrayDeque<Pending> queue : List.copyOf(incidents.values())) {
            Pending head = queue.peekFirst();
            if (head != null && !head.active) {
                activate(head, now);
            }
        }
    }

    /** Notifications taken and not finished (sent, failed, rejected or digested, with receipts acknowledged). */
    public int inFlight() {
        return inFlight;
    }

    /** Deliveries being sent right now. */
    public int sending() {
        return sending;
    }

    /** True while an attempt is being sent or a receipt waits for its acknowledgement. */
    public boolean hasWork() {
        return !awaitingAck.isEmpty() || sending() > 0;
    }

    /** The state of each endpoint's breaker; safe to read from any thread. */
    public Map<String, CircuitBreaker.State> breakerStates() {
        Map<String, CircuitBreaker.State> states = new HashMap<>();
        breakers.forEach((endpoint, breaker) -> states.put(endpoint, breaker.state()));
        return states;
    }

    private void activate(Pending pending, Instant now) {
        pending.active = true;
        for (Task task : List.copyOf(pending.tasks)) {
            if (task.phase != Phase.NEW) {
                continue;
            }
            if (book.finished(task.id)) {
                done(task, now);
            } else if (task.channel == null) {
                reject(task, task.delivery.endpoint(), "no channel is configured for endpoint '"
                        + task.delivery.endpoint() + "'", now);
            } else if (pending.notification.getChannel() == Channel.PAGE) {
                Optional<Instant> window = limiter.admit(task.delivery.endpoint(), now);
                if (window.isPresent()) {
                    fold(task, window.get());
                } else {
                    tryAttempt(task, now);
                }
            } else {
                tryAttempt(task, now);
            }
        }
    }

    /** Every phase change goes through here, so {@link #sending()} is a count, not a scan (the loop asks each turn). */
    private void phase(Task task, Phase phase) {
        if (task.phase == Phase.SENDING) {
            sending--;
        }
        if (phase == Phase.SENDING) {
            sending++;
        }
        task.phase = phase;
    }

    private void fold(Task task, Instant windowStart) {
        String route = task.delivery.endpoint();
        Collecting digest = collecting.computeIfAbsent(DigestPage.id(route, windowStart),
                id -> new Collecting(route, windowStart, windowStart.plus(limiter.window())));
        phase(task, Phase.FOLDED);
        digest.folded.add(task);
    }

    private void startDigest(Collecting collected, Instant now) {
        List<Delivery> pages = collected.folded.stream().map(task -> task.delivery).toList();
        Delivery delivery = DigestPage.of(collected.route, collected.windowStart, limiter.window(), pages);
        Task digest = new Task(delivery.deliveryId(), delivery, collected.folded.get(0).channel, null);
        digest.folded.addAll(collected.folded);
        if (book.finished(digest.id)) {
            // Sent before a crash that came before its pages' receipts: they were carried by it.
            publish(digest, digestedReceipts(digest, new SendResult(null, List.of()), now), now);
        } else {
            tryAttempt(digest, now);
        }
    }

    private void tryAttempt(Task task, Instant now) {
        if (!task.isDigest() && book.finished(task.id)) {
            sendingOrParked.remove(task.id);
            done(task, now);
            return;
        }
        CircuitBreaker breaker = breaker(task.delivery.endpoint());
        if (!breaker.tryAcquire(now)) {
            park(task, breaker.retryAt(now, settings.initialBackoff()));
            return;
        }
        task.attempts++;
        if (task.firstAttemptAt == null) {
            task.firstAttemptAt = now;
        }
        phase(task, Phase.SENDING);
        sendingOrParked.put(task.id, task);
        port.attempt(new Attempt(task.delivery, task.channel, task.attempts));
    }

    private void park(Task task, Instant until) {
        phase(task, Phase.PARKED);
        task.nextAttemptAt = until;
        sendingOrParked.put(task.id, task);
        parked.add(task);
    }

    private void succeed(Task task, SendResult result, Instant now) {
        Duration latency = Receipts.latency(task.delivery.notification(), now);
        listener.sent(task.delivery, latency);
        if (task.isDigest()) {
            publish(task, digestedReceipts(task, result, now), now);
        } else {
            publish(task, Map.of(task.id, Receipts.sent(task.delivery, result, task.attempts, task.firstAttemptAt,
                    now)), now);
        }
    }

    private Map<String, NotificationReceipt> digestedReceipts(Task digest, SendResult result, Instant now) {
        Map<String, NotificationReceipt> receipts = new LinkedHashMap<>();
        for (Task page : digest.folded) {
            listener.digested(page.delivery);
            receipts.put(page.id, Receipts.digested(page.delivery, digest.delivery.notification().getNotificationId(),
                    result, digest.attempts, digest.firstAttemptAt, now));
        }
        receipts.put(digest.id, Receipts.sent(digest.delivery, result, digest.attempts, digest.firstAttemptAt, now));
        return receipts;
    }

    private void fail(Task task, String error, Instant now) {
        sendingOrParked.remove(task.id);
        listener.failed(task.delivery, error);
        Map<String, NotificationReceipt> receipts = new LinkedHashMap<>();
        for (Task page : task.folded) {
            listener.failed(page.delivery, error);
            receipts.put(page.id, Receipts.failed(page.delivery, "digest " + task.id + " failed: " + error,
                    task.attempts, task.firstAttemptAt, now));
        }
        receipts.put(task.id, Receipts.failed(task.delivery, error, task.attempts, task.firstAttemptAt, now));
        publish(task, receipts, now);
    }

    private void reject(Task task, String endpoint, String reason, Instant now) {
        Notification notification = task.owner.notification;
        listener.rejected(notification, endpoint, reason);
        publish(task, Map.of(task.id, Receipts.rejected(notification, endpoint, reason, now)), now);
    }

    private void publish(Task task, Map<String, NotificationReceipt> receipts, Instant now) {
        phase(task, Phase.RECEIPTS);
        task.unacked.putAll(receipts);
        receipts.keySet().forEach(key -> awaitingAck.put(key, task));
        receipts.forEach(port::publish);
    }

    private void done(Task task, Instant now) {
        if (task.phase == Phase.DONE) {
            return;
        }
        phase(task, Phase.DONE);
        sendingOrParked.remove(task.id);
        parked.remove(task);
        if (task.isDigest()) {
            for (Task page : task.folded) {
                done(page, now);
            }
            return;
        }
        Pending pending = task.owner;
        pending.unfinished--;
        if (pending.unfinished == 0 && pendings.remove(pending)) {
            finish(pending, now);
        }
    }

    private void finish(Pending pending, Instant now) {
        inFlight = pendings.size();
        PartitionOffsets partitionOffsets = offsets.get(pending.partition);
        if (partitionOffsets != null) {
            partitionOffsets.finished(pending.offset);
        }
        if (!pending.queued) {
            return;
        }
        String incidentId = pending.notification.getIncidentId();
        ArrayDeque<Pending> queue = incidents.get(incidentId);
        if (queue == null) {
            return;
        }
        queue.remove(pending);
        if (queue.isEmpty()) {
            incidents.remove(incidentId);
        } else if (!queue.peekFirst().active) {
            activate(queue.peekFirst(), now);
        }
    }

    private void forget(Task task) {
        phase(task, Phase.DONE);
        sendingOrParked.remove(task.id);
        parked.remove(task);
        task.unacked.keySet().forEach(awaitingAck::remove);
        republish.removeIf(r -> r.task() == task);
    }

    private boolean isBusyDigest(Task folded) {
        for (Task task : sendingOrParked.values()) {
            if (task.isDigest() && task.phase == Phase.SENDING && task.folded.contains(folded)) {
                return true;
            }
        }
        for (Task task : awaitingAck.values()) {
            if (task.isDigest() && task.folded.contains(folded)) {
                return true;
            }
        }
        return false;
    }

    private DeliveryChannel channelOf(String endpoint) {
        try {
            return channels.channel(endpoint);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    private CircuitBreaker breaker(String endpoint) {
        return breakers.computeIfAbsent(endpoint,
                e -> new CircuitBreaker(e, settings.failureThreshold(), settings.openFor()));
    }
}
