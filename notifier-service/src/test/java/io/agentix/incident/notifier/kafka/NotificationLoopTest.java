package io.agentix.incident.notifier.kafka;

import static io.agentix.incident.events.TestEvents.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.health.DeliveryHealthCheck;
import io.agentix.incident.notifier.health.DeliveryMetrics;
import io.agentix.incident.notifier.health.RecentFailures;
import io.agentix.incident.notifier.delivery.DeliveryListener;
import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.agentix.incident.notifier.delivery.ManualClock;
import io.agentix.incident.testing.KafkaClusterExtension;

/**
 * The consumer loop on a real broker with test endpoints: sent once with a receipt, a crash between the
 * receipt and the commit, an endpoint down and back, permanent failures, invalid requests, two instances
 * sharing partitions, and a page storm folded into a digest. Backoffs and rate windows run on a
 * {@link ManualClock} the test moves; nothing sleeps.
 */
class NotificationLoopTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = LoopTopics.WAIT;
    /** 10 attempts from 1 s to 10 s, breaker after 3 failures for 30 s, 5 pages a minute. */
    private static final DeliverySettings SETTINGS = new DeliverySettings(10, Duration.ofSeconds(1),
            Duration.ofSeconds(10), 0.2, 3, Duration.ofSeconds(30), 1000, 5, Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-15T09:30:01Z"));
    private final RecordingChannels channels = new RecordingChannels(Set.of("mira"));
    private final List<NotificationLoop> loops = new ArrayList<>();
    private LoopTopics kafka;

    @AfterEach
    void stopLoops() throws InterruptedException {
        for (NotificationLoop loop : loops) {
            loop.stop();
        }
    }

    @Test
    void deliversOnceWithASentReceiptAndCommitsPastIt() throws Exception {
        setUp("once", 1);
        NotificationLoop loop = start(NotificationLoop.CommitHook.NONE);

        publish(mail("inc-1", 1));

        List<NotificationReceipt> receipts = awaitReceipts(1);
        assertThat(receipts).singleElement().satisfies(receipt -> {
            assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.SENT);
            assertThat(receipt.getNotificationId()).isEqualTo("inc-1/m/1");
            assertThat(receipt.getEndpoint()).isEqualTo("smtp");
            assertThat(receipt.getAttempts()).isEqualTo(1);
            assertThat(receipt.getProviderId()).isEqualTo("<inc-1/m/1@test>");
        });
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 1L);
        assertThat(channels.acceptedCounts()).containsExactly(Map.entry("inc-1/m/1", 1));
        assertThat(loop.failure()).isNull();
    }

    @Test
    void commitsPastTheTransactionMarkerSoAQuietPartitionShowsNoLag() throws Exception {
        setUp("marker", 1);
        NotificationLoop loop = start(NotificationLoop.CommitHook.NONE);

        kafka.publishInTransaction(mail("inc-1", 1));

        awaitReceipts(1);
        assertThat(kafka.endOffsets()).as("the record at 0, the commit marker at 1").containsEntry(0, 2L);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 2L);
        assertThat(channels.acceptedCounts()).containsExactly(Map.entry("inc-1/m/1", 1));
        assertThat(loop.failure()).isNull();
    }

    @Test
    void aCrashBetweenTheReceiptAndTheCommitDoesNotSendAgainAfterTheRestart() throws Exception {
        setUp("crash", 1);
        AtomicBoolean crashed = new AtomicBoolean();
        NotificationLoop first = start(offsets -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash after the receipt, before the commit of " + offsets);
            }
        });
        publish(mail("inc-1", 1));
        await().atMost(WAIT).until(() -> first.failure() != null);
        assertThat(awaitReceipts(1)).singleElement().extracting(NotificationReceipt::getStatus)
                .isEqualTo(DeliveryStatus.SENT);
        assertThat(committed()).as("nothing committed by the crashed loop").isEmpty();
        first.stop();

        NotificationLoop restarted = start(NotificationLoop.CommitHook.NONE);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 1L);

        assertThat(channels.acceptedCounts()).containsExactly(Map.entry("inc-1/m/1", 1));
        assertThat(readReceipts()).hasSize(1);
        assertThat(restarted.failure()).isNull();
    }

    @Test
    void aSendThatFinishesWhileTheLoopDiesGetsItsReceiptAndIsNotSentAgainAfterTheRestart() throws Exception {
        setUp("dies-mid-send", 1);
        channels.hold("inc-1/m/1");
        channels.hold("inc-2/m/1");
        AtomicBoolean crashed = new AtomicBoolean();
        NotificationLoop first = start(offsets -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash before the commit of " + offsets);
            }
        });
        publish(mail("inc-1", 1));
        publish(mail("inc-2", 1));
        await().atMost(WAIT).until(() -> channels.started.containsAll(Set.of("inc-1/m/1", "inc-2/m/1")));

        // inc-1's mail finishes; the loop dies committing it, while inc-2's mail is still being sent.
        channels.release("inc-1/m/1");
        await().atMost(WAIT).until(() -> first.failure() != null);
        assertThat(channels.acceptedCounts()).doesNotContainKey("inc-2/m/1");
        // The send under way finishes after the loop died: the mail has gone out.
        channels.release("inc-2/m/1");
        await().atMost(WAIT).until(() -> channels.acceptedCounts().containsKey("inc-2/m/1"));
        first.stop();
        assertThat(readReceipts()).as("a receipt for the mail that went out as the loop died")
                .extracting(NotificationReceipt::getNotificationId).contains("inc-1/m/1", "inc-2/m/1");
        assertThat(committed()).as("nothing committed by the dead loop").isEmpty();

        NotificationLoop restarted = start(NotificationLoop.CommitHook.NONE);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 2L);
        assertThat(channels.acceptedCounts()).as("each mail once")
                .containsExactly(Map.entry("inc-1/m/1", 1), Map.entry("inc-2/m/1", 1));
        assertThat(readReceipts()).hasSize(2).allSatisfy(receipt ->
                assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.SENT));
        assertThat(restarted.failure()).isNull();
    }

    @Test
    void anEndpointDownForMinutesDeliversEverythingOnceAfterItIsBackInIncidentOrder() throws Exception {
        setUp("outage", 2);
        channels.down(true);
        NotificationLoop loop = start(NotificationLoop.CommitHook.NONE);
        List<Notification> sent = new ArrayList<>();
        for (int incident = 1; incident <= 3; incident++) {
            for (int sequence = 1; sequence <= 2; sequence++) {
                sent.add(mail("inc-" + incident, sequence));
            }
        }
        sent.forEach(this::publish);
        await().atMost(WAIT).until(() -> channels.attempts.get() >= 3);

        // Down for a minute and more: retries go out as the clock passes their backoff, none succeeds.
        int attemptsWhileDown = channels.attempts.get();
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofSeconds(15));
            return channels.attempts.get() > attemptsWhileDown + 2;
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(channels.accepted).isEmpty();
        assertThat(readReceipts()).as("parked, not failed").isEmpty();
        assertThat(loop.breakerStates()).containsKey("smtp");

        channels.down(false);
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            return readReceipts().size() >= 6;
        });

        List<NotificationReceipt> receipts = readReceipts();
        assertThat(receipts).hasSize(6).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(DeliveryStatus.SENT));
        assertThat(receipts).anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThan(1));
        assertThat(channels.acceptedCounts()).hasSize(6).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        List<String> order = channels.accepted.stream().map(Delivery::deliveryId).toList();
        for (int incident = 1; incident <= 3; incident++) {
            assertThat(order.indexOf("inc-" + incident + "/m/1")).isLessThan(order.indexOf("inc-" + incident + "/m/2"));
        }
        await().atMost(WAIT).until(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 6);
    }

    @Test
    void aPermanentFailureEndsInAFailedReceiptAndAnInvalidRequestInARejectedOne() throws Exception {
        setUp("failed", 1);
        channels.refusedForGood.add("inc-1/m/1");
        MetricRegistry registry = new MetricRegistry();
        RecentFailures failures = new RecentFailures(clock);
        NotificationLoop loop = start(NotificationLoop.CommitHook.NONE, new DeliveryMetrics(registry, failures));
        DeliveryHealthCheck health = new DeliveryHealthCheck(loop, failures, Duration.ofMinutes(15), clock);

        publish(mail("inc-1", 1));
        publish(Notification.newBuilder(mail("inc-2", 1)).setRecipients(List.of()).build());
        publish(mail("inc-3", 1));

        Map<String, NotificationReceipt> receipts = new HashMap<>();
        for (NotificationReceipt receipt : awaitReceipts(3)) {
            receipts.put(receipt.getNotificationId(), receipt);
        }
        assertThat(receipts.get("inc-1/m/1").getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(receipts.get("inc-1/m/1").getAttempts()).isEqualTo(1);
        assertThat(receipts.get("inc-1/m/1").getError()).isEqualTo("550 5.1.1 mailbox unavailable");
        assertThat(receipts.get("inc-2/m/1").getStatus()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(receipts.get("inc-2/m/1").getError()).isEqualTo("notification inc-2/m/1 has no recipients");
        assertThat(receipts.get("inc-3/m/1").getStatus()).isEqualTo(DeliveryStatus.SENT);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 3L);

        assertThat(registry.counter("notifier.deliveries{channel=\"email\",endpoint=\"smtp\",outcome=\"failed\"}")
                .getCount()).isEqualTo(1);
        assertThat(registry.counter("notifier.deliveries{channel=\"email\",endpoint=\"none\",outcome=\"rejected\"}")
                .getCount()).isEqualTo(1);
        assertThat(registry.timer("notifier.delivery.latency{channel=\"email\",endpoint=\"smtp\"}").getCount())
                .isEqualTo(1);
        HealthCheck.Result result = health.execute();
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).contains("endpoint smtp: delivery inc-1/m/1 FAILED")
                .contains("550 5.1.1 mailbox unavailable");
        clock.advance(Duration.ofMinutes(16));
        assertThat(health.execute().isHealthy()).as("the failure is older than the window").isTrue();
    }

    @Test
    void twoInstancesShareThePartitionsAndTheSurvivorFinishesWhenOneCloses() throws Exception {
        setUp("shared", 4);
        NotificationLoop first = start(NotificationLoop.CommitHook.NONE);
        NotificationLoop second = start(NotificationLoop.CommitHook.NONE);
        await().atMost(WAIT).until(() -> first.assignedPartitions() > 0 && second.assignedPartitions() > 0
                && first.assignedPartitions() + second.assignedPartitions() == 4);

        for (int incident = 1; incident <= 10; incident++) {
            publish(mail("inc-" + incident, 1));
        }
        awaitReceipts(10);
        first.stop();
        await().atMost(WAIT).until(() -> second.assignedPartitions() == 4);
        for (int incident = 11; incident <= 20; incident++) {
            publish(mail("inc-" + incident, 1));
        }

        assertThat(awaitReceipts(20)).extracting(NotificationReceipt::getStatus).containsOnly(DeliveryStatus.SENT);
        assertThat(channels.acceptedCounts()).hasSize(20).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        await().atMost(WAIT).until(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 20);
    }

    @Test
    void aPageStormToOnePersonSendsTheLimitAndOneDigestAtTheEndOfTheMinute() throws Exception {
        setUp("storm", 2);
        NotificationLoop loop = start(NotificationLoop.CommitHook.NONE);
        for (int incident = 1; incident <= 12; incident++) {
            publish(page("inc-" + incident));
        }
        await().atMost(WAIT).until(() -> channels.accepted.size() == 5 && loop.inFlight() == 7);
        assertThat(readReceipts()).hasSize(5);

        clock.advance(Duration.ofMinutes(1));
        List<NotificationReceipt> receipts = awaitReceipts(13);

        String digestId = "digest:mira:" + Instant.parse("2026-03-15T09:30:00Z").toEpochMilli();
        assertThat(channels.accepted).hasSize(6);
        Delivery digest = channels.accepted.stream().filter(d -> d.deliveryId().startsWith("digest:")).findFirst()
                .orElseThrow();
        assertThat(digest.deliveryId()).isEqualTo(digestId + "@mira");
        assertThat(digest.notification().getSubject()).isEqualTo("7 more pages in the last minute");
        assertThat(digest.notification().getBody().lines()).hasSize(7);
        assertThat(receipts).filteredOn(r -> r.getStatus() == DeliveryStatus.DIGESTED).hasSize(7)
                .allSatisfy(r -> assertThat(r.getDigestId()).isEqualTo(digestId));
        assertThat(receipts).filteredOn(r -> r.getStatus() == DeliveryStatus.SENT).hasSize(6);
        await().atMost(WAIT).until(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 12);
    }

    private void setUp(String name, int partitions) {
        kafka = new LoopTopics(KAFKA.cluster(), "notifier-" + name, partitions);
    }

    private NotificationLoop start(NotificationLoop.CommitHook hook) throws Exception {
        return start(hook, DeliveryListener.NONE);
    }

    private NotificationLoop start(NotificationLoop.CommitHook hook, DeliveryListener listener) throws Exception {
        NotificationLoop loop = kafka.start(channels, SETTINGS, clock, listener, hook);
        loops.add(loop);
        return loop;
    }

    private void publish(Notification notification) {
        kafka.publish(notification);
    }

    private List<NotificationReceipt> awaitReceipts(int count) {
        return await().atMost(WAIT).until(this::readReceipts, receipts -> receipts.size() >= count);
    }

    private List<NotificationReceipt> readReceipts() {
        return kafka.readReceipts();
    }

    private Map<Integer, Long> committed() throws Exception {
        return kafka.committed();
    }

    private static Notification mail(String incidentId, int sequence) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + "/m/" + sequence)
                .setChannel(Channel.EMAIL).build();
    }

    private static Notification page(String incidentId) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + "/p/1")
                .setChannel(Channel.PAGE).setRecipients(List.of(Recipient.newBuilder().setId("mira")
                        .setPageTarget("mira").build())).build();
    }
}
