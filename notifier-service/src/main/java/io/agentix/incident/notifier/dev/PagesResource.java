package io.agentix.incident.notifier.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /pages}: the pages the {@code capture} route stored, oldest first, newest last:
 * {@code recipientRole}, {@code recipients} (ids), {@code kind}, {@code incidentId}, {@code receivedAt},
 * {@code text}, plus {@code subject}, {@code pageAction}, {@code deliveryId} and {@code file}.
 */
@Path("/pages")
@Produces(MediaType.APPLICATION_JSON)
public final class PagesResource {

    /** One stored page. */
    public record PageEntry(String recipientRole, List<String> recipients, String kind, String incidentId,
                            String receivedAt, String text, String subject, String pageAction, String deliveryId,
                            String file) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PagesResource.class);

    private final java.nio.file.Path directory;
    private final ObjectMapper json;

    public PagesResource(java.nio.file.Path directory, ObjectMapper json) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.json = Objects.requireNonNull(json, "json");
    }

    @GET
    public List<PageEntry> list() throws IOException {
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<PageEntry> entries = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            try {
                JsonNode page = json.readTree(file.toFile());
                List<String> recipients = new ArrayList<>();
                page.path("recipients").forEach(r -> recipients.add(r.asText()));
                entries.add(new PageEntry(text(page, "recipientRole"), recipients, text(page, "kind"),
                        text(page, "incidentId"), text(page, "receivedAt"), text(page, "text"), text(page, "subject"),
                        text(page, "pageAction"), text(page, "deliveryId"), file.toString()));
            } catch (IOException e) {
                LOG.warn("Skipping {} in the page capture: not readable JSON ({})", file, e.getMessage());
            }
        }
        entries.sort(Comparator.comparing(PageEntry::receivedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return entries;
    }

    private static String text(JsonNode page, String field) {
        JsonNode value = page.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
