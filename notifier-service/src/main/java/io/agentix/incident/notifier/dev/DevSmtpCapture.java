package io.agentix.incident.notifier.dev;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.lifecycle.Managed;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev SMTP server ({@code bin/incident-engine dev}): GreenMail SMTP on a local port (2525 by default)
 * that takes every mail and stores it as an {@code .eml} file under a directory ({@code var/outbox} by
 * default), one file per mail however many recipients it has. The file is the message as received, with
 * two headers in front: {@code X-Captured-At} (ISO-8601) and {@code X-Envelope-To} (the SMTP recipients).
 * {@code GET /outbox} lists the directory. Nothing leaves the machine.
 */
public final class DevSmtpCapture implements Managed {

    /** Header with the time the capture received the mail. */
    public static final String CAPTURED_AT = "X-Captured-At";
    /** Header with the SMTP envelope recipients. */
    public static final String ENVELOPE_TO = "X-Envelope-To";

    private static final Logger LOG = LoggerFactory.getLogger(DevSmtpCapture.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final String bindAddress;
    private final int port;
    private final CaptureFiles files;
    private final Clock clock;
    // GreenMail calls the delivery handler once per recipient; a mail is written at its first.
    private final Set<MovingMessage> written = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private GreenMail greenMail;

    /**
     * @param bindAddress interface to listen on ({@code 127.0.0.1}: dev mail stays on this machine)
     * @param port SMTP port, 0 for any free one (see {@link #port()})
     * @param directory where the {@code .eml} files go
     */
    public DevSmtpCapture(String bindAddress, int port, Path directory, Clock clock) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
        this.files = new CaptureFiles(Objects.requireNonNull(directory, "directory"), "eml");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start() throws IOException {
        if (greenMail != null) {
            return;
        }
        Files.createDirectories(files.directory());
        ServerSetup setup = new ServerSetup(port, bindAddress, ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        // GreenMail's default of 2 s to start its listener is too short on a busy 2-core machine.
        setup.setServerStartupTimeout(STARTUP_TIMEOUT.toMillis());
        GreenMail server = new GreenMail(setup);
        UserManager users = server.getUserManager();
        MessageDeliveryHandler storeInMailbox = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> capture(message, recipient, storeInMailbox));
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IOException("dev SMTP capture cannot listen on " + bindAddress + ":" + port
                    + " (is another notifier or mail server using it?): " + e.getMessage(), e);
        }
        greenMail = server;
        LOG.info("Dev SMTP capture listening on {}:{}, storing mails under {}", bindAddress, port(),
                files.directory().toAbsolutePath());
    }

    private GreenMailUser capture(MovingMessage message, MailAddress recipient, MessageDeliveryHandler storeInMailbox)
            throws MessagingException, UserException {
        if (written.add(message)) {
            try {
                write(message);
            } catch (IOException e) {
                // An SMTP error the sender sees (and retries) rather than a mail that was never stored.
                throw new MessagingException("capture cannot write to " + files.directory().toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
        }
        // GreenMail keeps a copy in the recipient's in-memory mailbox as well; a dev run's mails are few.
        return storeInMailbox.handle(message, recipient);
    }

    private void write(MovingMessage message) throws IOException {
        Instant receivedAt = clock.instant();
        String envelope = message.getToAddresses().stream().map(MailAddress::getEmail).collect(Collectors.joining(", "));
        String subject;
        try {
            subject = message.getMessage().getSubject();
        } catch (MessagingException e) {
            subject = null;
        }
        files.write(receivedAt, subject, out -> {
            out.write((CAPTURED_AT + ": " + receivedAt + "\r\n" + ENVELOPE_TO + ": " + envelope + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                message.getMessage().writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("cannot write the received mail: " + e.getMessage(), e);
            }
        });
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public synchronized int port() {
        if (greenMail == null) {
            return port;
        }
        return greenMail.getSmtp().getPort();
    }

    /** Where the {@code .eml} files go. */
    public Path directory() {
        return files.directory();
    }

    @Override
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }
}
