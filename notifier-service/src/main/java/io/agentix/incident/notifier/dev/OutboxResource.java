package io.agentix.incident.notifier.dev;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /outbox}: the mails the dev SMTP capture stored, oldest first, newest last: {@code to}
 * (To and Cc addresses; the envelope when the headers name none), {@code subject} (decoded),
 * {@code receivedAt} (ISO-8601) and {@code file} (the {@code .eml} path). Read from the directory, so it
 * also lists mails of earlier runs.
 */
@Path("/outbox")
@Produces(MediaType.APPLICATION_JSON)
public final class OutboxResource {

    /** One stored mail. */
    public record OutboxEntry(List<String> to, String subject, String receivedAt, String file, String messageId) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxResource.class);

    private final java.nio.file.Path directory;
    private final Session session = Session.getInstance(new Properties());

    public OutboxResource(java.nio.file.Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @GET
    public List<OutboxEntry> list() throws IOException {
        List<OutboxEntry> entries = new ArrayList<>();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        for (java.nio.file.Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(session, in);
                entries.add(new OutboxEntry(recipients(message), message.getSubject(), receivedAt(message, file),
                        file.toString(), message.getMessageID()));
            } catch (MessagingException | IOException e) {
                LOG.warn("Skipping {} in the outbox: not a readable mail ({})", file, e.getMessage());
            }
        }
        entries.sort(Comparator.comparing(OutboxEntry::receivedAt));
        return entries;
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        List<String> to = new ArrayList<>();
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            Address[] addresses = message.getRecipients(type);
            if (addresses != null) {
                Arrays.stream(addresses).map(a -> a instanceof InternetAddress i ? i.getAddress() : a.toString())
                        .forEach(to::add);
            }
        }
        if (to.isEmpty()) {
            String envelope = message.getHeader(DevSmtpCapture.ENVELOPE_TO, ",");
            if (envelope != null) {
                Arrays.stream(envelope.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(to::add);
            }
        }
        return to;
    }

    private static String receivedAt(MimeMessage message, java.nio.file.Path file) throws MessagingException, IOException {
        String captured = message.getHeader(DevSmtpCapture.CAPTURED_AT, null);
        return captured != null ? captured.strip() : Files.getLastModifiedTime(file).toInstant().toString();
    }
}
