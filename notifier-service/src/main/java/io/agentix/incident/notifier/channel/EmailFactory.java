package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.PortRange;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The {@code email:} section: the SMTP server and the senders.
 *
 * <pre>
 * email:
 *   host: smtp.example.com
 *   port: 587
 *   tls: STARTTLS            # NONE | STARTTLS (required, never falls back) | TLS (SMTPS, port 465)
 *   username: ${SMTP_USERNAME:-}
 *   password: ${SMTP_PASSWORD:-}
 *   connectTimeout: 5s
 *   timeout: 10s             # each read and write
 *   teamFrom: "Agentix Incidents &lt;incidents@agentixx.io&gt;"
 *   customerFrom: "Agentix Support &lt;support@agentixx.io&gt;"
 *   customerReplyTo: support@agentixx.io
 *   domain: agentixx.io      # Message-ID and thread ids: &lt;id@domain&gt;
 * </pre>
 */
public class EmailFactory {

    @NotBlank
    private String host = "localhost";

    @PortRange(min = 1)
    private int port = 25;

    @NotNull
    private EmailChannel.TlsMode tls = EmailChannel.TlsMode.NONE;

    private String username;

    private String password;

    private String trustedHosts;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration connectTimeout = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration timeout = Duration.seconds(10);

    @NotBlank
    private String teamFrom = "Agentix Incidents <incidents@agentixx.io>";

    private String teamReplyTo;

    @NotBlank
    private String customerFrom = "Agentix Support <support@agentixx.io>";

    private String customerReplyTo = "support@agentixx.io";

    @NotBlank
    private String domain = "agentixx.io";

    /** The channel, with the senders parsed; an unparsable address fails here, naming the setting. */
    public EmailChannel build(Clock clock) {
        String user = username == null || username.isBlank() ? null : username;
        return new EmailChannel(new EmailChannel.Settings(host, port, tls, user, password,
                trustedHosts == null || trustedHosts.isBlank() ? null : trustedHosts,
                connectTimeout.toJavaDuration(), timeout.toJavaDuration(),
                address("teamFrom", teamFrom), address("teamReplyTo", teamReplyTo),
                address("customerFrom", customerFrom), address("customerReplyTo", customerReplyTo), domain), clock);
    }

    private static InternetAddress address(String setting, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new InternetAddress(value, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("email." + setting + " is not a valid address: '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    @JsonProperty
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host;
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public EmailChannel.TlsMode getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(EmailChannel.TlsMode tls) {
        this.tls = tls;
    }

    @JsonProperty
    public String getUsername() {
        return username;
    }

    @JsonProperty
    public void setUsername(String username) {
        this.username = username;
    }

    @JsonProperty
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password;
    }

    /** Hosts trusted without a CA-signed certificate ({@code "*"} only for test servers). */
    @JsonProperty
    public String getTrustedHosts() {
        return trustedHosts;
    }

    @JsonProperty
    public void setTrustedHosts(String trustedHosts) {
        this.trustedHosts = trustedHosts;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public String getTeamFrom() {
        return teamFrom;
    }

    @JsonProperty
    public void setTeamFrom(String teamFrom) {
        this.teamFrom = teamFrom;
    }

    @JsonProperty
    public String getTeamReplyTo() {
        return teamReplyTo;
    }

    @JsonProperty
    public void setTeamReplyTo(String teamReplyTo) {
        this.teamReplyTo = teamReplyTo;
    }

    @JsonProperty
    public String getCustomerFrom() {
        return customerFrom;
    }

    @JsonProperty
    public void setCustomerFrom(String customerFrom) {
        this.customerFrom = customerFrom;
    }

    @JsonProperty
    public String getCustomerReplyTo() {
        return customerReplyTo;
    }

    @JsonProperty
    public void setCustomerReplyTo(String customerReplyTo) {
        this.customerReplyTo = customerReplyTo;
    }

    @JsonProperty
    public String getDomain() {
        return domain;
    }

    @JsonProperty
    public void setDomain(String domain) {
        this.domain = domain;
    }
}
