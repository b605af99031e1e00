package io.agentix.incident.notifier.channel;

import static io.agentix.incident.notifier.channel.TestNotifications.aPage;
import static io.agentix.incident.notifier.channel.TestNotifications.aTeamEmail;
import static io.agentix.incident.notifier.channel.TestNotifications.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning is pure: channels here are named placeholders that are never sent through. */
class ConfiguredChannelsTest {

    private static DeliveryChannel named(String endpoint) {
        return new DeliveryChannel() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public SendResult send(Delivery delivery) {
                throw new UnsupportedOperationException("planning tests do not send");
            }
        };
    }

    private static final DeliveryChannel SMTP = named("smtp");

    private static ConfiguredChannels channels(String defaultRoute, String... routes) {
        Map<String, DeliveryChannel> byName = new java.util.LinkedHashMap<>();
        for (String route : routes) {
            byName.put(route, named(route));
        }
        return new ConfiguredChannels(SMTP, byName, defaultRoute);
    }

    @Test
    void emailIsOneDeliveryToSmtpKeyedByTheNotificationIdWithEveryAddressedRecipient() throws Exception {
        Recipient noAddress = Recipient.newBuilder(person("erik", "Erik")).setEmail(null).build();
        Notification mail = aTeamEmail().setRecipients(List.of(person("mira", "Mira"), noAddress, person("jonas", "Jonas")))
                .build();

        List<Delivery> plan = channels(null).plan(mail);

        assertThat(plan).singleElement().satisfies(d -> {
            assertThat(d.deliveryId()).isEqualTo(mail.getNotificationId());
            assertThat(d.endpoint()).isEqualTo("smtp");
            assertThat(d.recipients()).extracting(Recipient::getId).containsExactly("mira", "jonas");
        });
    }

    @Test
    void emailWithoutAnyAddressIsInvalidNamingTheRecipients() {
        Notification mail = aTeamEmail()
                .setRecipients(List.of(Recipient.newBuilder(person("erik", "Erik")).setEmail(" ").build())).build();

        assertThatThrownBy(() -> channels(null).plan(mail)).isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("none of its recipients [erik] has an email address");
    }

    @Test
    void emailWhenNoEmailChannelIsConfiguredIsInvalid() {
        ConfiguredChannels pagesOnly = new ConfiguredChannels(null, Map.of("mira", named("mira")), null);

        assertThatThrownBy(() -> pagesOnly.plan(aTeamEmail().build())).isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("no email channel is configured");
    }

    @Test
    void notificationWithoutRecipientsIsInvalid() {
        assertThatThrownBy(() -> channels("mira", "mira").plan(aPage().setRecipients(List.of()).build()))
                .isInstanceOf(InvalidNotificationException.class).hasMessageContaining("has no recipients");
    }

    @Test
    void pageIsOneDeliveryPerRouteWithIdNotificationAtRouteInOrderOfFirstRecipient() throws Exception {
        Notification page = aPage().setRecipients(List.of(person("jonas", "Jonas"), person("mira", "Mira"),
                Recipient.newBuilder(person("dana", "Dana")).setPageTarget("jonas").build())).build();

        List<Delivery> plan = channels(null, "mira", "jonas").plan(page);

        assertThat(plan).extracting(Delivery::deliveryId)
                .containsExactly(page.getNotificationId() + "@jonas", page.getNotificationId() + "@mira");
        assertThat(plan.get(0).recipients()).extracting(Recipient::getId).containsExactly("jonas", "dana");
        assertThat(plan.get(1).endpoint()).isEqualTo("mira");
    }

    @Test
    void pageTargetWithoutRouteOfItsOwnGoesToTheDefaultRoute() throws Exception {
        Notification page = aPage().setRecipients(List.of(person("mira", "Mira"), person("yuki", "Yuki"),
                Recipient.newBuilder(person("erik", "Erik")).setPageTarget(null).build())).build();

        List<Delivery> plan = channels("capture", "mira", "capture").plan(page);

        assertThat(plan).extracting(Delivery::endpoint).containsExactly("mira", "capture");
        assertThat(plan.get(1).recipients()).extracting(Recipient::getId).containsExactly("yuki", "erik");
    }

    @Test
    void pageRecipientNoRouteTakesIsEmailedRatherThanDropped() throws Exception {
        Notification page = aPage().setRecipients(List.of(person("mira", "Mira"), person("yuki", "Yuki"))).build();

        List<Delivery> plan = channels(null, "mira").plan(page);

        assertThat(plan).extracting(Delivery::deliveryId)
                .containsExactly(page.getNotificationId() + "@mira", page.getNotificationId() + "@smtp");
        assertThat(plan.get(1).endpoint()).isEqualTo("smtp");
        assertThat(plan.get(1).recipients()).extracting(Recipient::getId).containsExactly("yuki");
    }

    @Test
    void pageNobodyCanReceiveIsInvalidNamingTargetsAndRoutes() {
        Recipient yuki = Recipient.newBuilder(person("yuki", "Yuki")).setEmail(null).build();
        ConfiguredChannels noEmail = new ConfiguredChannels(null, Map.of("mira", named("mira")), null);

        assertThatThrownBy(() -> noEmail.plan(aPage().setRecipients(List.of(yuki)).build()))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("yuki (page target 'yuki')")
                .hasMessageContaining("configured routes: [mira]")
                .hasMessageContaining("default route: none");
    }

    @Test
    void channelForEachPlannedEndpointAndAClearErrorForOthers() {
        ConfiguredChannels channels = channels(null, "mira");

        assertThat(channels.channel("smtp")).isSameAs(SMTP);
        assertThat(channels.channel("mira").endpoint()).isEqualTo("mira");
        assertThat(channels.endpoints()).containsExactly("smtp", "mira");
        assertThatThrownBy(() -> channels.channel("jonas")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jonas'").hasMessageContaining("[smtp, mira]");
    }

    @Test
    void misconfigurationsFailAtConstructionNamingThem() {
        assertThatThrownBy(() -> channels("pagerduty", "mira")).hasMessageContaining("default page route 'pagerduty'");
        assertThatThrownBy(() -> new ConfiguredChannels(SMTP, Map.of("smtp", named("smtp")), null))
                .hasMessageContaining("cannot be named 'smtp'");
        assertThatThrownBy(() -> new ConfiguredChannels(SMTP, Map.of("mira", named("jonas")), null))
                .hasMessageContaining("page route 'mira' has a channel whose endpoint is 'jonas'");
    }
}
