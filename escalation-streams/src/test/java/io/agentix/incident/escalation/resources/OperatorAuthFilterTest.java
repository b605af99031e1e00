package io.agentix.incident.escalation.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The bearer-token filter in Jersey: writes always need a token, reads only with protectReads, and
 * the token's person is the request's principal. (The whole app over HTTP: {@link OperatorApiTest}.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperatorAuthFilterTest {

    private static final OperatorTokens TOKENS = new OperatorTokens(Map.of("alice", "alice-token"));

    private static final ResourceExtension openReads = ResourceExtension.builder()
            .addResource(new Probe())
            .addProvider(new OperatorAuthFilter(TOKENS, false))
            .addProvider(new ErrorResponseExceptionMapper())
            .build();

    private static final ResourceExtension protectedReads = ResourceExtension.builder()
            .addResource(new Probe())
            .addProvider(new OperatorAuthFilter(TOKENS, true))
            .build();

    private static final ResourceExtension unbound = ResourceExtension.builder()
            .addResource(new Unbound())
            .addProvider(new OperatorAuthFilter(TOKENS, true))
            .build();

    /** Answers with the caller's person, or "anonymous". */
    @Path("/probe")
    @OperatorAuthenticated
    public static final class Probe {

        @GET
        public String read(@Context SecurityContext caller) {
            return caller.getUserPrincipal() == null ? "anonymous" : caller.getUserPrincipal().getName();
        }

        @POST
        public String write(@Context SecurityContext caller, String body) {
            return caller.getUserPrincipal().getName();
        }
    }

    /** A resource of the same port that is not the operator API. */
    @Path("/other")
    public static final class Unbound {

        @POST
        public String write(String body) {
            return "not guarded";
        }
    }

    @Test
    void writesNeedATokenAndCarryItsPerson() {
        Response refused = openReads.target("/probe").request().post(Entity.text("{}"));
        Response accepted = openReads.target("/probe").request().header("Authorization", "Bearer alice-token")
                .post(Entity.text("{}"));

        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + OperatorAuthFilter.REALM + "\"");
        assertThat(refused.readEntity(String.class)).contains("missing Authorization: Bearer <token> header");
        assertThat(accepted.readEntity(String.class)).isEqualTo("alice");
    }

    @Test
    void readsAreOpenUnlessProtected() {
        assertThat(openReads.target("/probe").request().get(String.class)).isEqualTo("anonymous");
        assertThat(protectedReads.target("/probe").request().get().getStatus()).isEqualTo(401);
        assertThat(protectedReads.target("/probe").request().header("Authorization", "Bearer alice-token")
                .get(String.class)).isEqualTo("alice");
    }

    @Test
    void guardsOnlyTheOperatorApi() {
        assertThat(unbound.target("/other").request().post(Entity.text("{}")).readEntity(String.class))
                .isEqualTo("not guarded");
    }
}
