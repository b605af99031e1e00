package io.agentix.incident.notifier.dev;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File names and atomic writes for the dev captures: {@code <UTC time>-<sequence>-<slug>.<ext>}, so a
 * directory listing sorts oldest first, and written to a temporary file then moved, so a reader (the
 * {@code /outbox} and {@code /pages} resources, a person with {@code ls}) never sees half a file.
 */
final class CaptureFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Writes the file's content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path directory;
    private final String extension;
    private final AtomicLong sequence = new AtomicLong();

    CaptureFiles(Path directory, String extension) {
        this.directory = directory;
        this.extension = extension;
    }

    Path directory() {
        return directory;
    }

    Path write(Instant receivedAt, String slugSource, Content content) throws IOException {
        Files.createDirectories(directory);
        String name = STAMP.format(receivedAt) + "-" + String.format(Locale.ROOT, "%06d", sequence.incrementAndGet())
                + "-" + slug(slugSource) + "." + extension;
        Path target = directory.resolve(name);
        Path temp = Files.createTempFile(directory, ".capture-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** A short file-name-safe version of an id or subject (ASCII letters, digits, dashes). */
    static String slug(String text) {
        String slug = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "message" : slug;
    }
}
