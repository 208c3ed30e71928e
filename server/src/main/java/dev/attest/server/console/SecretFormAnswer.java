package dev.attest.server.console;

import dev.attest.core.admin.Principal;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.webserver.http.ServerResponse;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a page whose form issues a secret shown once (API keys, developer apps): who asks, and what the create
 * form holds again — the typed name and the checked scopes are kept on a refusal and cleared after a success.
 *
 * @param <S> what the administration returns when it issues the secret
 * @param <I> what the page shows of it, once
 */
abstract class SecretFormAnswer<S, I> {
    final ServerResponse response;
    final SignedIn viewer;
    final Organization org;
    final Principal principal;
    String typedName = "";
    Set<Scope> checked = EnumSet.of(Scope.EVENTS_WRITE);

    SecretFormAnswer(ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        this.response = response;
        this.viewer = viewer;
        this.org = org;
        this.principal = principal;
    }

    final void error(int status, String error) {
        send(status, null, null, error);
    }

    /** Shows the issued secret once, with the form cleared. */
    final void issued(S issued, String notice) {
        typedName = "";
        checked = EnumSet.of(Scope.EVENTS_WRITE);
        send(200, shown(issued), notice, null);
    }

    /** What the page shows of a secret just issued. */
    abstract I shown(S issued);

    abstract void send(int status, @Nullable I issued, @Nullable String notice, @Nullable String error);
}
