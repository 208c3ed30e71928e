package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import java.util.Objects;

/**
 * What every administration event done through {@code /v1} with Acme's organization key must say of who did it and
 * from where: the key as actor (its id, never the key), the target, the test client's address and user agent. One
 * place, so that the 14 events of issue 11 are held to the same check.
 */
final class KeyActor {
    /** The user agent the API tests send. */
    static final String USER_AGENT = "attest-it/1.0";

    private KeyActor() {}

    /** The id of Acme's organization key, as events name it. */
    static String acmeKeyId(TestServer server) {
        return server.storage
                .apiKeys()
                .findByHash(server.acme.apiKey().hash())
                .orElseThrow()
                .id();
    }

    /**
     * Asserts that {@code event} succeeded, was done by Acme's key to the target of this type and id, and came from
     * the test client.
     */
    static void assertDoneByAcmeKey(TestServer server, Event event, String targetType, String targetId) {
        assertDoneByAcmeKey(server, event, targetType, targetId, USER_AGENT, Outcome.SUCCESS);
    }

    /** {@link #assertDoneByAcmeKey(TestServer, Event, String, String)} with its user agent and outcome. */
    static void assertDoneByAcmeKey(
            TestServer server, Event event, String targetType, String targetId, String userAgent, Outcome outcome) {
        String action = event.action();
        assertThat(event.actor().type()).as(action + " actor.type").isEqualTo(ActorType.API_KEY);
        assertThat(event.actor().id()).as(action + " actor.id").isEqualTo(acmeKeyId(server));
        assertThat(event.outcome()).as(action + " outcome").isEqualTo(outcome);
        assertThat(Objects.requireNonNull(event.target(), action + " target").type())
                .as(action + " target.type")
                .isEqualTo(targetType);
        assertThat(Objects.requireNonNull(event.target()).id())
                .as(action + " target.id")
                .isEqualTo(targetId);
        assertThat(event.context().ip()).as(action + " context.ip").isEqualTo("127.0.0.1");
        assertThat(event.context().userAgent())
                .as(action + " context.user_agent")
                .isEqualTo(userAgent);
    }
}
