package io.agentix.incident.escalation.resources;

import java.security.Principal;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.escalation.resources.OperatorTokens.UnauthorizedOperatorException;
import io.agentix.incident.service.api.ErrorResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Proves the caller of the operator API with its bearer token before anything else happens (the
 * body is not read for a refused request): every write, and the reads too when
 * {@code operatorApi.protectReads} is on. A proven caller's person is the request's
 * {@link SecurityContext#getUserPrincipal() user principal}, whose name a command is issued by when
 * its body names nobody.
 *
 * <p>A refusal is a 401 with a JSON body naming the problem and {@code WWW-Authenticate: Bearer}; the
 * connection is closed after it, as the unread body would otherwise have to be drained first.
 */
@OperatorAuthenticated
@Priority(Priorities.AUTHENTICATION)
public final class OperatorAuthFilter implements ContainerRequestFilter {

    /** The realm of the {@code WWW-Authenticate} challenge. */
    public static final String REALM = "incident-engine operator API";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAuthFilter.class);

    private final OperatorTokens tokens;
    private final boolean protectReads;

    public OperatorAuthFilter(OperatorTokens tokens, boolean protectReads) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.protectReads = protectReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
        if (read && !protectReads) {
            return;
        }
        String person;
        try {
            person = tokens.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (UnauthorizedOperatorException e) {
            LOG.info("401 {} {}: {}", method, request.getUriInfo().getPath(), e.getMessage());
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"")
                    .header("Connection", "close")
                    .entity(new ErrorResponse(401, e.getMessage(), null))
                    .build());
            return;
        }
        request.setSecurityContext(new OperatorSecurityContext(person, request.getSecurityContext().isSecure()));
    }

    private record OperatorSecurityContext(String person, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return () -> person;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
