package dev.attest.server;

import dev.attest.core.account.Impersonations;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Impersonation;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * {@code /v1/organizations/{org}/members/{id}/impersonation}: a super-user's console session starts acting as a member
 * ({@code POST}, with a reason; records {@code auth.impersonate}) or stops ({@code DELETE}) — what the members page's
 * "Impersonate" and the banner's "Stop impersonating" do. No API credential may impersonate: an impersonation lives in
 * a person's session (DESIGN.md §7).
 */
final class ImpersonationRoutes implements HttpService {
    private final Callers callers;
    private final Impersonations impersonations;

    ImpersonationRoutes(Callers callers, Impersonations impersonations) {
        this.callers = callers;
        this.impersonations = impersonations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{org}/members/{id}/impersonation", this::start)
                .delete("/{org}/members/{id}/impersonation", this::stop);
    }

    private void start(ServerRequest request, ServerResponse response) {
        Principal principal =
                callers.resolve(request, request.path().pathParameters().get("org"));
        ChangeBody body = ChangeBody.read(request, Set.of("reason"));
        Object reason = body.get("reason");
        if (!(reason instanceof String)) {
            body.reject("reason", "reason is required: a string saying why you act as this member");
        }
        body.requireValid("reason");
        String why = reason instanceof String text ? text : "";
        // A key or app has no session to act in: refused by the rules below as not a super-user.
        String sessionHash =
                callers.session(request).map(s -> s.session().tokenHash()).orElse("");
        String id = request.path().pathParameters().get("id");
        Impersonation started = impersonations.start(principal, sessionHash, id, why);
        var document = new LinkedHashMap<String, Object>();
        document.put("member_id", started.memberId());
        document.put("reason", started.reason());
        document.put("until", started.until().toString());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document);
    }

    private void stop(ServerRequest request, ServerResponse response) {
        Principal principal =
                callers.resolve(request, request.path().pathParameters().get("org"));
        if (principal.isMachine()) {
            throw new ForbiddenException(
                    "super-user-only", "an impersonation lives in a console session; no API credential may stop one");
        }
        String id = request.path().pathParameters().get("id");
        SignedIn signedIn = callers.session(request)
                .filter(SignedIn::impersonating)
                .filter(s -> s.member().id().equals(id) && id.equals(principal.id()))
                .orElseThrow(() -> Problem.notFound("this session is not acting as member " + id));
        impersonations.stop(signedIn.session().tokenHash());
        response.status(Status.NO_CONTENT_204);
        response.send();
    }
}
