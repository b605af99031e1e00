package io.agentix.incident.escalation.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operator console's page at {@code /}: the same {@code index.html} that the assets servlet
 * serves under {@value #ASSETS_URI}, whose scripts and styles it loads from there.
 *
 * <p>A Jersey resource rather than an assets servlet at {@code /}: a servlet mapped to the root
 * would compete with Jersey for {@code /incidents}, while this matches exactly {@code /} and
 * nothing else. It is not {@link OperatorAuthenticated}: the page holds no incident data (it asks
 * for a token itself when the reads are protected).
 */
@Path("/")
public final class ConsoleResource {

    /** Where the console's static files are served from: {@code src/main/resources/console}. */
    public static final String ASSETS_URI = "/console/";

    /** The classpath folder of the console's files. */
    public static final String ASSETS_RESOURCE = "/console/";

    /** The console's page, in {@link #ASSETS_RESOURCE}. */
    public static final String INDEX = "index.html";

    private final byte[] index;

    public ConsoleResource() {
        this.index = load(ASSETS_RESOURCE + INDEX);
    }

    @GET
    @Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
    public Response index() {
        // Revalidated on each load, so a new release's page (and the assets it names) is picked up at once.
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        noCache.setNoTransform(false);
        return Response.ok(index).cacheControl(noCache).build();
    }

    private static byte[] load(String resource) {
        try (InputStream in = ConsoleResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the operator console's page " + resource
                        + " is missing from the classpath (src/main/resources" + resource + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the operator console's page " + resource, e);
        }
    }
}
