package io.agentix.incident.notifier.delivery;

import static io.agentix.incident.events.TestEvents.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.SendResult;
import io.agentix.incident.notifier.delivery.CircuitBreaker.State;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator.Attempt;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator.Failed;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator.Sent;

/** The coordinator's rules, driven by hand: records in, outcomes and acknowledgements in, time moved by a manual clock. */
class DeliveryCoordinatorTest {

    /** 3 attempts 1 s / 10 s, no jitter, breaker after 2 failures for 30 s, 2 pages a minute. */
    private static final DeliverySettings SETTINGS = new DeliverySettings(3, Duration.ofSeconds(1),
            Duration.ofSeconds(10), 0, 2, Duration.ofSeconds(30), 100, 2, Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-15T09:30:05Z"));
    private final ReceiptBook book = new ReceiptBook();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<String, NotificationReceipt> published = new LinkedHashMap<>();
    private final DeliveryCoordinator coordinator = coordinator(DeliveryListener.NONE);

    /** A coordinator that records its attempts and publications in this test's lists. */
    private DeliveryCoordinator coordinator(DeliveryListener listener) {
        return new DeliveryCoordinator(SETTINGS, new TestChannels(Set.of("mira")), book, new DeliveryCoordinator.Port() {
            @Override
            public void attempt(Attempt attempt) {
                attempts.add(attempt);
            }

            @Override
            public void publish(String key, NotificationReceipt receipt) {
                published.put(key, receipt);
            }
        }, () -> 0.0, listener);
    }

    @Test
    void sendsOnceAndFinishesTheOffsetOnlyWhenTheReceiptIsAcknowledged() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        assertThat(attempts).singleElement().satisfies(a -> assertThat(a.delivery().deliveryId()).isEqualTo("inc-1/m/1"));

        coordinator.attempted("inc-1/m/1", new Sent(new SendResult("<id@x>", List.of("ops@acme.example"))), clock.instant());
        assertThat(published.get("inc-1/m/1").getStatus()).isEqualTo(DeliveryStatus.SENT);
        assertThat(published.get("inc-1/m/1").getProviderId()).isEqualTo("<id@x>");
        assertThat(coordinator.toCommit()).as("receipt not acknowledged yet").isEmpty();

        coordinator.receiptAcknowledged("inc-1/m/1", clock.instant());
        assertThat(coordinator.toCommit()).containsEntry(0, 1L);
        assertThat(coordinator.inFlight()).isZero();
        assertThat(book.finished("inc-1/m/1")).isTrue();
    }

    @Test
    void countsWhatIsBeingSentAndHasWorkUntilTheReceiptsAreAcknowledged() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.accept(0, 1, mail("inc-2", 1), clock.instant());
        coordinator.accept(1, 0, mail("inc-3", 1), clock.instant());
        assertThat(coordinator.sending()).isEqualTo(3);

        coordinator.attempted("inc-1/m/1", new Sent(new SendResult(null, List.of())), clock.instant());
        coordinator.attempted("inc-2/m/1", new Failed("connection refused", true), clock.instant());
        assertThat(coordinator.sending()).as("one sent (awaiting its receipt), one parked").isEqualTo(1);

        coordinator.revoke(List.of(1));
        assertThat(coordinator.sending()).as("the revoked one is forgotten").isZero();
        assertThat(coordinator.hasWork()).as("a receipt awaits its acknowledgement").isTrue();
        coordinator.receiptAcknowledged("inc-1/m/1", clock.instant());
        assertThat(coordinator.hasWork()).as("only a parked delivery is left").isFalse();

        coordinator.tick(clock.advance(Duration.ofSeconds(1)));
        assertThat(coordinator.sending()).as("the parked one went out again").isEqualTo(1);
    }

    @Test
    void neverAttemptsADeliveryThatAlreadyHasAReceipt() {
        book.record("inc-1/m/1");
        coordinator.accept(0, 7, mail("inc-1", 1), clock.instant());

        assertThat(attempts).isEmpty();
        assertThat(published).isEmpty();
        assertThat(coordinator.toCommit()).containsEntry(0, 8L);
    }

    @Test
    void retriesAfterTheBackoffOnlyAndFailsAfterTheLastAttempt() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.attempted("inc-1/m/1", new Failed("connection refused", true), clock.instant());
        coordinator.tick(clock.advance(Duration.ofMillis(999)));
        assertThat(attempts).hasSize(1);

        coordinator.tick(clock.advance(Duration.ofMillis(1)));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).number()).isEqualTo(2);
        coordinator.attempted("inc-1/m/1", new Failed("connection refused", true), clock.instant());
        // Two failures open the breaker for 30 s: the third attempt waits for it, not for the 2 s backoff.
        coordinator.tick(clock.advance(Duration.ofSeconds(2)));
        assertThat(attempts).hasSize(2);
        assertThat(coordinator.breakerStates()).containsEntry("smtp", State.OPEN);

        coordinator.tick(clock.advance(Duration.ofSeconds(28)));
        assertThat(attempts).hasSize(3);
        coordinator.attempted("inc-1/m/1", new Failed("connection refused", true), clock.instant());

        NotificationReceipt receipt = published.get("inc-1/m/1");
        assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(receipt.getAttempts()).isEqualTo(3);
        assertThat(receipt.getError()).isEqualTo("connection refused (attempt 3 of 3)");
        assertThat(receipt.getFirstAttemptAt()).isEqualTo(Instant.parse("2026-03-15T09:30:05Z"));
    }

    @Test
    void tellsTheListenerWhyEachRetriedAttemptFailedAndHowLongItWaits() {
        List<String> retried = new ArrayList<>();
        DeliveryCoordinator withListener = coordinator(new DeliveryListener() {
            @Override
            public void retried(Delivery delivery, int attempt, String error, Duration wait) {
                retried.add(delivery.deliveryId() + " #" + attempt + " " + error + " " + wait);
            }
        });
        withListener.accept(0, 0, mail("inc-1", 1), clock.instant());
        withListener.attempted("inc-1/m/1", new Failed("HttpTimeoutException request timed out", true), clock.instant());
        withListener.tick(clock.advance(Duration.ofSeconds(1)));
        withListener.attempted("inc-1/m/1", new Failed("connection reset", true), clock.instant());
        withListener.tick(clock.advance(Duration.ofSeconds(30)));
        withListener.attempted("inc-1/m/1", new Failed("connection reset", true), clock.instant());

        assertThat(retried).as("the last attempt fails the delivery instead of parking it").containsExactly(
                "inc-1/m/1 #1 HttpTimeoutException request timed out PT1S",
                "inc-1/m/1 #2 connection reset PT2S");
        assertThat(published.get("inc-1/m/1").getStatus()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void aPermanentFailureFailsAtOnceAndDoesNotCountAgainstTheEndpoint() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.attempted("inc-1/m/1", new Failed("550 no such user", false), clock.instant());

        assertThat(published.get("inc-1/m/1").getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(published.get("inc-1/m/1").getAttempts()).isEqualTo(1);
        assertThat(coordinator.breakerStates()).containsEntry("smtp", State.CLOSED);
    }

    @Test
    void anOpenBreakerParksDeliveriesWithoutSpendingAttemptsAndOtherEndpointsGoOn() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.attempted("inc-1/m/1", new Failed("timeout", true), clock.instant());
        coordinator.tick(clock.advance(Duration.ofSeconds(1)));
        coordinator.attempted("inc-1/m/1", new Failed("timeout", true), clock.instant());
        assertThat(coordinator.breakerStates()).containsEntry("smtp", State.OPEN);

        coordinator.accept(0, 1, mail("inc-2", 1), clock.instant());
        coordinator.accept(1, 0, page("inc-3", 1), clock.instant());
        assertThat(attempts).extracting(a -> a.delivery().deliveryId())
                .containsExactly("inc-1/m/1", "inc-1/m/1", "inc-3/p/1@mira");

        // After the open time one trial goes; its success closes the breaker and the parked one follows.
        coordinator.tick(clock.advance(Duration.ofSeconds(30)));
        assertThat(attempts).hasSize(4);
        Attempt trial = attempts.get(3);
        coordinator.attempted(trial.delivery().deliveryId(), new Sent(new SendResult(null, List.of())), clock.instant());
        coordinator.tick(clock.advance(Duration.ofSeconds(1)));
        assertThat(attempts).extracting(a -> a.delivery().deliveryId())
                .containsExactlyInAnyOrder("inc-1/m/1", "inc-1/m/1", "inc-3/p/1@mira", "inc-1/m/1", "inc-2/m/1");
        assertThat(attempts.stream().filter(a -> a.delivery().deliveryId().equals("inc-2/m/1")))
                .singleElement().satisfies(a -> assertThat(a.number()).as("parked, not attempted").isEqualTo(1));
    }

    @Test
    void keepsTheOrderPerIncidentWhileOtherIncidentsGoOn() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.accept(0, 1, mail("inc-1", 2), clock.instant());
        coordinator.accept(0, 2, mail("inc-2", 1), clock.instant());
        assertThat(attempts).extracting(a -> a.delivery().deliveryId()).containsExactly("inc-1/m/1", "inc-2/m/1");

        coordinator.attempted("inc-2/m/1", new Sent(new SendResult(null, List.of())), clock.instant());
        coordinator.receiptAcknowledged("inc-2/m/1", clock.instant());
        assertThat(coordinator.toCommit()).as("offset 0 unfinished").isEmpty();

        coordinator.attempted("inc-1/m/1", new Sent(new SendResult(null, List.of())), clock.instant());
        coordinator.receiptAcknowledged("inc-1/m/1", clock.instant());
        assertThat(attempts).extracting(a -> a.delivery().deliveryId()).containsExactly("inc-1/m/1", "inc-2/m/1",
                "inc-1/m/2");
        assertThat(coordinator.toCommit()).containsEntry(0, 1L);
    }

    @Test
    void rejectsNotificationsWithoutRecipientsAndPagesToUnknownRoutes() {
        coordinator.accept(0, 0, Notification.newBuilder(mail("inc-1", 1)).setRecipients(List.of()).build(), clock.instant());
        Notification unknownRoute = Notification.newBuilder(page("inc-2", 1)).setRecipients(List.of(
                Recipient.newBuilder().setId("nobody").setPageTarget("nowhere").build())).build();
        coordinator.accept(0, 1, unknownRoute, clock.instant());

        assertThat(attempts).isEmpty();
        assertThat(published.get("inc-1/m/1").getStatus()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(published.get("inc-1/m/1").getError()).isEqualTo("notification inc-1/m/1 has no recipients");
        assertThat(published.get("inc-2/p/1@nowhere").getStatus()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(published.get("inc-2/p/1@nowhere").getError()).contains("'nowhere'");
        coordinator.receiptAcknowledged("inc-1/m/1", clock.instant());
        coordinator.receiptAcknowledged("inc-2/p/1@nowhere", clock.instant());
        assertThat(coordinator.toCommit()).containsEntry(0, 2L);
    }

    @Test
    void foldsPagesBeyondTheRateLimitIntoADigestSentAtTheEndOfTheWindow() {
        for (int i = 0; i < 5; i++) {
            coordinator.accept(0, i, page("inc-" + i, 1), clock.instant());
        }
        assertThat(attempts).extracting(a -> a.delivery().deliveryId()).containsExactly("inc-0/p/1@mira",
                "inc-1/p/1@mira");
        for (Attempt attempt : List.copyOf(attempts)) {
            coordinator.attempted(attempt.delivery().deliveryId(), new Sent(new SendResult(null, List.of())), clock.instant());
            coordinator.receiptAcknowledged(attempt.delivery().deliveryId(), clock.instant());
        }
        assertThat(coordinator.toCommit()).containsEntry(0, 2L);

        coordinator.tick(clock.advance(Duration.ofSeconds(54)));
        assertThat(attempts).as("the window ends at 09:31:00").hasSize(2);
        coordinator.tick(clock.advance(Duration.ofSeconds(1)));
        assertThat(attempts).hasSize(3);
        Attempt digest = attempts.get(2);
        String digestId = "digest:mira:" + Instant.parse("2026-03-15T09:30:00Z").toEpochMilli();
        assertThat(digest.delivery().deliveryId()).isEqualTo(digestId + "@mira");
        assertThat(digest.delivery().notification().getSubject()).isEqualTo("3 more pages in the last minute");

        // A failed digest attempt leaves its pages without receipts: nothing is lost.
        coordinator.attempted(digest.delivery().deliveryId(), new Failed("503", true), clock.instant());
        assertThat(published).doesNotContainKey("inc-2/p/1@mira");
        coordinator.tick(clock.advance(Duration.ofSeconds(1)));
        coordinator.attempted(digest.delivery().deliveryId(), new Sent(new SendResult("pd-1", List.of("mira"))),
                clock.instant());

        assertThat(published.get(digest.delivery().deliveryId()).getStatus()).isEqualTo(DeliveryStatus.SENT);
        for (String folded : List.of("inc-2/p/1@mira", "inc-3/p/1@mira", "inc-4/p/1@mira")) {
            assertThat(published.get(folded).getStatus()).isEqualTo(DeliveryStatus.DIGESTED);
            assertThat(published.get(folded).getDigestId()).isEqualTo(digestId);
        }
        assertThat(coordinator.toCommit()).as("digest receipts not acknowledged").containsEntry(0, 2L);
        List.copyOf(published.keySet()).forEach(key -> coordinator.receiptAcknowledged(key, clock.instant()));
        assertThat(coordinator.toCommit()).containsEntry(0, 5L);
    }

    @Test
    void forgetsRevokedPartitionsAndIgnoresTheirLateOutcomes() {
        coordinator.accept(0, 0, mail("inc-1", 1), clock.instant());
        coordinator.accept(1, 0, mail("inc-2", 1), clock.instant());
        assertThat(coordinator.busy(List.of(0))).isTrue();
        coordinator.attempted("inc-1/m/1", new Failed("timeout", true), clock.instant());
        assertThat(coordinator.busy(List.of(0))).as("parked is not busy").isFalse();

        coordinator.revoke(List.of(0));
        coordinator.tick(clock.advance(Duration.ofMinutes(5)));

        assertThat(attempts).hasSize(2);
        assertThat(coordinator.inFlight()).isEqualTo(1);
        coordinator.attempted("inc-1/m/1", new Sent(new SendResult(null, List.of())), clock.instant());
        assertThat(published).as("a late outcome of a revoked delivery").isEmpty();
        coordinator.attempted("inc-2/m/1", new Sent(new SendResult(null, List.of())), clock.instant());
        coordinator.receiptAcknowledged("inc-2/m/1", clock.instant());
        assertThat(coordinator.toCommit()).containsOnly(Map.entry(1, 1L));
    }

    private static Notification mail(String incidentId, int sequence) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + "/m/" + sequence)
                .setChannel(Channel.EMAIL).build();
    }

    private static Notification page(String incidentId, int sequence) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + "/p/" + sequence)
                .setChannel(Channel.PAGE).setRecipients(List.of(Recipient.newBuilder().setId("mira")
                        .setPageTarget("mira").build())).build();
    }
}
