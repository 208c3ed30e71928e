package dev.attest.server;

import dev.attest.core.admin.PasswordAdministration;
import dev.attest.core.admin.Principal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT /v1/organizations/{org}/members/{id}/password}: an owner or admin (or the organization's key) sets a
 * member's password, which ends all of the member's sessions ({@code auth.password.adminChange}). The password is
 * never echoed.
 */
final class PasswordRoutes implements HttpService {
    private final Callers callers;
    private final PasswordAdministration passwords;

    PasswordRoutes(Callers callers, PasswordAdministration passwords) {
        this.callers = callers;
        this.passwords = passwords;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put("/{org}/members/{id}/password", this::set);
    }

    private void set(ServerRequest request, ServerResponse response) {
        Principal principal =
                callers.resolve(request, request.path().pathParameters().get("org"));
        ChangeBody body = ChangeBody.read(request, Set.of("password"));
        String password = body.get("password") instanceof String text ? text : "";
        if (!(body.get("password") instanceof String)) {
            body.reject("password", "password is required and must be a string");
        }
        body.requireValid("password");
        String id = request.path().pathParameters().get("id");
        int ended = passwords.setFor(principal, id, password);
        EventRoutes.sendJson(response, Map.of("member_id", id, "sessions_ended", ended));
    }
}
