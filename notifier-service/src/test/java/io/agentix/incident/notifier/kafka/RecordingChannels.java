package io.agentix.incident.notifier.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.DeliveryChannel;
import io.agentix.incident.notifier.channel.DeliveryException;
import io.agentix.incident.notifier.channel.InvalidNotificationException;
import io.agentix.incident.notifier.channel.SendResult;
import io.agentix.incident.notifier.delivery.TestChannels;

/**
 * Channels for the loop tests: plan as the {@link Channels} contract says, and one test endpoint per name
 * ({@code smtp} and the page routes) that records every delivery it accepted, can be taken down (every
 * attempt fails retryably, as a refused connection does), refuses chosen delivery ids for good, and holds
 * chosen sends until the test releases them.
 */
final class RecordingChannels implements Channels {

    final Queue<Delivery> accepted = new ConcurrentLinkedQueue<>();
    final AtomicInteger attempts = new AtomicInteger();
    final Set<String> refusedForGood = ConcurrentHashMap.newKeySet();
    /** Delivery ids whose send has started (and may be held). */
    final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Set<String> routes;
    private volatile boolean down;

    RecordingChannels(Set<String> routes) {
        this.routes = routes;
    }

    void down(boolean down) {
        this.down = down;
    }

    /**
     * A send of {@code deliveryId} starts and then waits for {@link #release} before it finishes; like a socket
     * write under way, an interrupt does not stop it.
     */
    void hold(String deliveryId) {
        held.put(deliveryId, new CountDownLatch(1));
    }

    void release(String deliveryId) {
        held.get(deliveryId).countDown();
    }

    /** How many times each delivery id was accepted. */
    Map<String, Integer> acceptedCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        accepted.forEach(delivery -> counts.merge(delivery.deliveryId(), 1, Integer::sum));
        return counts;
    }

    @Override
    public List<Delivery> plan(Notification notification) throws InvalidNotificationException {
        return TestChannels.planByRoute(notification);
    }

    @Override
    public DeliveryChannel channel(String endpoint) {
        TestChannels.requireKnown(endpoint, routes);
        return new DeliveryChannel() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public SendResult send(Delivery delivery) throws DeliveryException {
                attempts.incrementAndGet();
                started.add(delivery.deliveryId());
                awaitRelease(delivery.deliveryId());
                if (down) {
                    throw new DeliveryException(endpoint + ": connection refused", true);
                }
                if (refusedForGood.contains(delivery.deliveryId())) {
                    throw new DeliveryException("550 5.1.1 mailbox unavailable", false);
                }
                accepted.add(delivery);
                return new SendResult("<" + delivery.deliveryId() + "@test>", delivery.recipients().stream()
                        .map(Recipient::getId).toList());
            }
        };
    }

    @Override
    public void close() {
    }

    private void awaitRelease(String deliveryId) {
        CountDownLatch latch = held.get(deliveryId);
        if (latch == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
