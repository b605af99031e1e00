package io.agentix.incident.bench;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /webhooks/sentry} doing no work: the floor under the real endpoint.
 */
@Path("/webhooks/sentry")
public final class BareWebhookResource {

    /**
     * Takes the body as bytes because the real endpoint must too (the signature covers the raw
     * bytes), so both pay for reading it; then answers 202 at once.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body) {
        return Response.accepted().build();
    }
}
