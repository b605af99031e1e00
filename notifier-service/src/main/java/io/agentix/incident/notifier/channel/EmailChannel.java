package io.agentix.incident.notifier.channel;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers EMAIL notifications over SMTP (Jakarta Mail, Angus). Renders only the mail envelope around
 * the engine's subject and body:
 * <ul>
 *   <li>From / Reply-To: team mails from the team sender, customer mails (audience CUSTOMERS) from the
 *       customer sender ({@code support@agentixx.io} unless configured), as runbook section 5 asks.</li>
 *   <li>{@code Message-ID: <deliveryId@domain>} (the id made safe for a message id), so a mail sent twice
 *       by accident still carries one id a mail system can deduplicate on.</li>
 *   <li>Threading: {@code In-Reply-To} and {@code References} name a per-incident root id
 *       {@code <incidentId@domain>} (customers: {@code <incidentId.customers.tenant@domain>}, a thread per
 *       incident and tenant), so every mail of an incident lands in one thread.</li>
 *   <li>The notification's links not already in its body, appended as a list; its attachment (the
 *       post-mortem draft) as a UTF-8 text part.</li>
 * </ul>
 * Failures: SMTP 4xx, connection failures and timeouts are retryable; 5xx (for every recipient), an
 * invalid address and a refused login are permanent. When the server takes the mail for some recipients
 * and refuses others, the send counts as delivered to those it took (sending again would duplicate it
 * for them) and the refused ones are logged.
 *
 * <p>Connections are kept open and reused (one send at a time each, so the channel is thread-safe and
 * holds at most as many connections as sends run at once): connecting, the greeting, EHLO, STARTTLS and
 * the login cost more than the mail itself. A connection idle longer than {@link #MAX_IDLE} is closed
 * rather than reused (servers drop idle clients after a while, RFC 5321 suggests 5 minutes), so is one
 * that carried {@link #MAX_MAILS_PER_CONNECTION} mails (servers limit mails per connection) and one whose
 * send failed. A connection the server dropped within the idle bound makes that send fail retryably; the
 * next attempt gets a new connection.
 */
public final class EmailChannel implements DeliveryChannel {

    /** How the connection to the SMTP server is secured. */
    public enum TlsMode {
        /** Plain SMTP (a local relay or the dev capture). */
        NONE,
        /** Plain connect, then STARTTLS, which is required: the channel never falls back to clear text. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    /**
     * What the channel needs.
     *
     * @param host SMTP server host
     * @param port SMTP server port
     * @param tls connection security
     * @param username login, or null for no authentication
     * @param password password for {@code username}
     * @param trustedHosts hosts whose certificate is trusted without a CA ({@code mail.smtp.ssl.trust},
     *                     e.g. {@code "*"} for a test server with a self-signed certificate); null for the JDK's
     *                     trust store
     * @param connectTimeout bound on connecting
     * @param timeout bound on each read and write
     * @param teamFrom sender of team mails
     * @param teamReplyTo Reply-To of team mails, or null
     * @param customerFrom sender of customer mails
     * @param customerReplyTo Reply-To of customer mails, or null
     * @param domain right-hand side of the Message-ID and thread root ids
     */
    public record Settings(String host, int port, TlsMode tls, String username, String password, String trustedHosts,
                           Duration connectTimeout, Duration timeout, InternetAddress teamFrom,
                           InternetAddress teamReplyTo, InternetAddress customerFrom, InternetAddress customerReplyTo,
                           String domain) {

        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(teamFrom, "teamFrom");
            Objects.requireNonNull(customerFrom, "customerFrom");
            Objects.requireNonNull(domain, "domain");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be 1..65535, not " + port);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
    private static final Pattern SMTP_CODE = Pattern.compile("^\\s*([2-5])\\d\\d[\\s-]");

    /** An idle connection older than this is closed rather than reused. */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    /** A connection is closed after this many mails. */
    static final int MAX_MAILS_PER_CONNECTION = 100;

    private final Settings settings;
    private final Session session;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public EmailChannel(Settings settings, Clock clock) {
        this(settings, clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the idle bound of pooled connections is measured on (tests move it) */
    EmailChannel(Settings settings, Clock clock, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.session = Session.getInstance(sessionProperties(settings));
    }

    private static Properties sessionProperties(Settings settings) {
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty("mail.smtp.host", settings.host());
        props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        props.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        props.setProperty("mail.smtp.timeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty("mail.smtp.writetimeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
        // Deliver to the recipients the server takes even when it refuses some: a later retry would
        // otherwise send the mail to the accepted ones a second time.
        props.setProperty("mail.smtp.sendpartial", "true");
        props.setProperty("mail.smtp.localhost", settings.domain());
        switch (settings.tls()) {
            case STARTTLS -> {
                props.setProperty("mail.smtp.starttls.enable", "true");
                props.setProperty("mail.smtp.starttls.required", "true");
                props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                props.setProperty("mail.smtp.ssl.enable", "true");
                props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> { }
        }
        if (settings.trustedHosts() != null) {
            props.setProperty("mail.smtp.ssl.trust", settings.trustedHosts());
            if ("*".equals(settings.trustedHosts().trim())) {
                props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
            }
        }
        return props;
    }

    @Override
    public String endpoint() {
        return ConfiguredChannels.SMTP;
    }

    @Override
    public SendResult send(Delivery delivery) throws DeliveryException {
        Notification notification = delivery.notification();
        List<InternetAddress> to = addresses(delivery);
        MimeMessage message;
        String messageId = messageId(delivery.deliveryId());
        try {
            message = compose(delivery, to, messageId);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new DeliveryException("cannot compose mail " + delivery.deliveryId() + ": " + e.getMessage(), false, e);
        }
        Address[] recipients = to.toArray(new Address[0]);
        Connection connection = null;
        try {
            connection = connection();
            connection.transport.sendMessage(message, recipients);
            release(connection);
            connection = null;
            return new SendResult(messageId, to.stream().map(InternetAddress::getAddress).toList());
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent != null && sent.length > 0) {
                LOG.warn("Mail {} ({}) delivered to {} but the SMTP server refused {}: {}", delivery.deliveryId(),
                        notification.getKind(), Arrays.toString(sent), Arrays.toString(e.getInvalidAddresses()),
                        e.getMessage());
                return new SendResult(messageId, Arrays.stream(sent).map(EmailChannel::address).toList());
            }
            throw failure(delivery, e);
        } catch (MessagingException e) {
            throw failure(delivery, e);
        } finally {
            if (connection != null) {
                // After any failure the session's state is unknown: the connection is not used again.
                connection.discard();
            }
        }
    }

    /** An idle pooled connection young enough to be trusted, or a new one. */
    private Connection connection() throws MessagingException {
        long now = nanoTime.getAsLong();
        for (Connection idle; (idle = this.idle.pollFirst()) != null; ) {
            if (now - idle.releasedAt <= MAX_IDLE.toNanos()) {
                return idle;
            }
            idle.discard();
        }
        Transport transport = session.getTransport();
        try {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
        return new Connection(transport);
    }

    /** Back to the pool after a mail the server took, unless it carried its share of mails. */
    private void release(Connection connection) {
        connection.mails++;
        if (closed || connection.mails >= MAX_MAILS_PER_CONNECTION) {
            connection.discard();
            return;
        }
        connection.releasedAt = nanoTime.getAsLong();
        idle.offerFirst(connection);
        if (closed && idle.remove(connection)) {
            connection.discard(); // close() ran meanwhile
        }
    }

    /** Closes the idle pooled connections (QUIT); sends under way close theirs when they finish. */
    @Override
    public void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            connection.discard();
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Closing an SMTP connection failed: {}", e.toString());
        }
    }

    /** One SMTP connection, used by one send at a time. */
    private static final class Connection {
        final Transport transport;
        long releasedAt;
        int mails;

        Connection(Transport transport) {
            this.transport = transport;
        }

        void discard() {
            closeQuietly(transport);
        }
    }

    private List<InternetAddress> addresses(Delivery delivery) throws DeliveryException {
        Map<String, InternetAddress> byAddress = new LinkedHashMap<>();
        for (Recipient recipient : delivery.recipients()) {
            if (recipient.getEmail() == null || recipient.getEmail().isBlank()) {
                continue;
            }
            try {
                InternetAddress address = new InternetAddress(recipient.getEmail().trim(), true);
                if (recipient.getName() != null && !recipient.getName().isBlank()) {
                    address.setPersonal(recipient.getName(), StandardCharsets.UTF_8.name());
                }
                byAddress.putIfAbsent(address.getAddress().toLowerCase(Locale.ROOT), address);
            } catch (AddressException | UnsupportedEncodingException e) {
                throw new DeliveryException("recipient " + recipient.getId() + " of " + delivery.deliveryId()
                        + " has an invalid email address '" + recipient.getEmail() + "': " + e.getMessage(), false, e);
            }
        }
        if (byAddress.isEmpty()) {
            throw new DeliveryException("delivery " + delivery.deliveryId() + " has no recipient with an email address",
                    false);
        }
        return List.copyOf(byAddress.values());
    }

    private MimeMessage compose(Delivery delivery, List<InternetAddress> to, String messageId)
            throws MessagingException, UnsupportedEncodingException {
        Notification notification = delivery.notification();
        boolean customers = notification.getAudience() == Audience.CUSTOMERS;
        MimeMessage message = new FixedIdMimeMessage(session, messageId);
        message.setFrom(customers ? settings.customerFrom() : settings.teamFrom());
        InternetAddress replyTo = customers ? settings.customerReplyTo() : settings.teamReplyTo();
        if (replyTo != null) {
            message.setReplyTo(new Address[] {replyTo});
        }
        message.setRecipients(Message.RecipientType.TO, to.toArray(new Address[0]));
        message.setSubject(oneLine(notification.getSubject()), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        String root = threadRoot(notification, delivery.recipients());
        message.setHeader("In-Reply-To", root);
        message.setHeader("References", root);
        // RFC 3834: machine-sent, so vacation responders stay quiet.
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Incident-Id", oneLine(notification.getIncidentId()));
        message.setHeader("X-Notification-Id", oneLine(notification.getNotificationId()));
        message.setHeader("X-Notification-Kind", notification.getKind().toString());
        message.setHeader("X-Delivery-Id", oneLine(delivery.deliveryId()));

        String text = bodyWithLinks(notification);
        if (notification.getAttachment() == null) {
            message.setText(text, StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, StandardCharsets.UTF_8.name());
            MimeBodyPart attachment = new MimeBodyPart();
            String fileName = attachmentFileName(notification.getAttachmentName());
            attachment.setText(notification.getAttachment(), StandardCharsets.UTF_8.name(),
                    fileName.endsWith(".md") ? "markdown" : "plain");
            attachment.setFileName(fileName);
            attachment.setDisposition(Part.ATTACHMENT);
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(textPart);
            mixed.addBodyPart(attachment);
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    /** The body, then the notification's links the body does not already show. */
    static String bodyWithLinks(Notification notification) {
        String body = notification.getBody();
        List<String> missing = new ArrayList<>();
        for (Link link : notification.getLinks()) {
            if (!body.contains(link.getUrl())) {
                missing.add("- " + link.getLabel() + ": " + link.getUrl());
            }
        }
        if (missing.isEmpty()) {
            return body;
        }
        StringBuilder text = new StringBuilder(body.stripTrailing()).append("\n\nLinks:\n");
        missing.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** {@code <deliveryId@domain>}, the id made safe (see {@link #localPart}). */
    public String messageId(String deliveryId) {
        return "<" + localPart(deliveryId) + "@" + settings.domain() + ">";
    }

    /**
     * The Message-ID all mails of the incident refer to: per incident for the team, per incident and tenant
     * for customers (each tenant is its own conversation).
     */
    public String threadRoot(Notification notification, List<Recipient> recipients) {
        String local = localPart(notification.getIncidentId());
        if (notification.getAudience() == Audience.CUSTOMERS) {
            String tenant = recipients.stream().map(Recipient::getTenant).filter(Objects::nonNull).findFirst()
                    .orElse("unknown-tenant");
            local = local + ".customers." + localPart(tenant);
        }
        return "<" + local + "@" + settings.domain() + ">";
    }

    /**
     * An id as the left side of a message id: letters, digits, {@code -} and {@code _} stay, every other
     * character becomes {@code =XX} per UTF-8 byte (so {@code inc-1:INITIAL_NOTICE:3} becomes
     * {@code inc-1=3AINITIAL_NOTICE=3A3}). Distinct ids stay distinct and the result is valid dot-atom text.
     */
    static String localPart(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('=').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String attachmentFileName(String name) {
        if (name == null || name.isBlank()) {
            return "attachment.txt";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        return base.isBlank() ? "attachment.txt" : oneLine(base);
    }

    /** Header values are one line: a CR or LF in a subject must not start a header of its own. */
    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    private DeliveryException failure(Delivery delivery, MessagingException e) {
        boolean retryable = retryable(e);
        String what = "SMTP " + settings.host() + ":" + settings.port() + (retryable ? " failed" : " refused")
                + " mail " + delivery.deliveryId() + ": " + describe(e);
        return new DeliveryException(what, retryable, e);
    }

    /**
     * 4xx and anything network-level is worth another try; 5xx, a refused login and an address the server
     * rejects for good are not. A failure that names no code (e.g. STARTTLS required but not offered) is
     * retried: the number of attempts is bounded, and the last one ends in a FAILED receipt either way.
     */
    static boolean retryable(MessagingException e) {
        Integer code = smtpCode(e);
        if (code != null) {
            return code < 500;
        }
        if (e instanceof AuthenticationFailedException) {
            return false;
        }
        if (e instanceof SendFailedException && e.getNextException() instanceof MessagingException) {
            // Refused recipients are chained one after the other: retry if any of them may be taken later.
            boolean anyRetryable = false;
            Exception next = e.getNextException();
            for (int depth = 0; next instanceof MessagingException nested && next != e && depth < 100; depth++) {
                anyRetryable |= retryable(nested);
                next = nested.getNextException();
            }
            return anyRetryable;
        }
        return true;
    }

    private static Integer smtpCode(MessagingException e) {
        if (e instanceof SMTPAddressFailedException failed) {
            return failed.getReturnCode();
        }
        if (e instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        }
        if (e instanceof SMTPSenderFailedException failed) {
            return failed.getReturnCode();
        }
        if (hasIoCause(e)) {
            return null;
        }
        String message = e.getMessage();
        if (message != null) {
            Matcher matcher = SMTP_CODE.matcher(message);
            if (matcher.find()) {
                return Integer.parseInt(message.strip().substring(0, 3));
            }
        }
        return null;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Exception next = e.getNextException();
        int depth = 0;
        while (next != null && depth++ < 5) {
            text.append("; ").append(String.valueOf(next.getMessage()).strip());
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return text.toString();
    }

    /** A MimeMessage whose Message-ID is ours, not one Jakarta Mail invents on save. */
    private static final class FixedIdMimeMessage extends MimeMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
