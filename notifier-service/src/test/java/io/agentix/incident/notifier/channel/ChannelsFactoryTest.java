package io.agentix.incident.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The {@code channels:} section as YAML: every route type parses, validation names what is missing. */
class ChannelsFactoryTest {

    private static ChannelsFactory parse(String yaml) throws Exception {
        return new YamlConfigurationFactory<>(ChannelsFactory.class, Validators.newValidator(), Jackson.newObjectMapper(),
                "dw").build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "channels.yml");
    }

    @Test
    void everyRouteTypeAndTheEmailSectionParseAndBuild() throws Exception {
        ChannelsFactory factory = parse("""
                email:
                  host: smtp.example.com
                  port: 587
                  tls: STARTTLS
                  username: notifier
                  password: s3cret
                  customerFrom: "Agentix Support <support@agentixx.io>"
                pages:
                  defaultRoute: capture
                  routes:
                    mira: {type: webhook, url: "https://pager.example.com/hooks/mira", secret: abc}
                    jonas: {type: slack, url: "https://hooks.slack.com/services/T0/B0/xyz", timeout: 3s}
                    dana: {type: pagerduty, routingKey: R0UT1NGKEY}
                    capture: {type: capture, directory: target/pages}
                """);

        try (ConfiguredChannels channels = factory.build(Clock.systemUTC())) {
            assertThat(channels.endpoints()).containsExactly("smtp", "capture", "dana", "jonas", "mira");
            assertThat(channels.channel("smtp")).isInstanceOf(EmailChannel.class);
            assertThat(channels.channel("mira")).isInstanceOf(WebhookPageChannel.class);
            assertThat(channels.channel("jonas")).isInstanceOf(SlackPageChannel.class);
            assertThat(channels.channel("dana")).isInstanceOf(PagerDutyPageChannel.class);
            assertThat(channels.channel("capture").getClass().getSimpleName()).isEqualTo("CapturePageChannel");
        }
        assertThat(factory.getEmail().getTls()).isEqualTo(EmailChannel.TlsMode.STARTTLS);
        assertThat(((PagerDutyRouteFactory) factory.getPages().getRoutes().get("dana")).getUrl())
                .isEqualTo(PagerDutyPageChannel.EVENTS_V2);
        assertThat(factory.getPages().getRoutes().get("jonas").getTimeout().toSeconds()).isEqualTo(3);
    }

    @Test
    void emailDefaultsSendCustomerMailFromSupport() throws Exception {
        ChannelsFactory factory = parse("email: {host: localhost, port: 2525}\n");

        assertThat(factory.getEmail().getCustomerFrom()).isEqualTo("Agentix Support <support@agentixx.io>");
        assertThat(factory.getEmail().getCustomerReplyTo()).isEqualTo("support@agentixx.io");
        assertThat(factory.getEmail().getTls()).isEqualTo(EmailChannel.TlsMode.NONE);
        assertThat(factory.getPages().getRoutes()).isEmpty();
    }

    @Test
    void aWebhookWithoutSecretOrAnUnknownTypeIsRefusedNamingIt() {
        assertThatThrownBy(() -> parse("pages: {routes: {mira: {type: webhook, url: 'https://x.example'}}}\n"))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("pages.routes[mira].secret");
        assertThatThrownBy(() -> parse("pages: {routes: {mira: {type: pigeon}}}\n"))
                .hasMessageContaining("pigeon");
    }

    @Test
    void aDefaultRouteThatIsNotConfiguredFailsAtBuild() throws Exception {
        ChannelsFactory factory = parse("pages: {defaultRoute: oncall, routes: {mira: {type: capture}}}\n");

        assertThatThrownBy(() -> factory.build(Clock.systemUTC())).hasMessageContaining("default page route 'oncall'");
    }

    @Test
    void anUnparsableSenderFailsAtBuildNamingTheSetting() throws Exception {
        ChannelsFactory factory = parse("email: {host: localhost, teamFrom: 'not an address <'}\n");

        assertThatThrownBy(() -> factory.build(Clock.systemUTC())).hasMessageContaining("email.teamFrom");
    }


}
