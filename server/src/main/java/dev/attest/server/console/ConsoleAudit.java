package dev.attest.server.console;

import dev.attest.core.admin.Principal;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.member.Member;
import dev.attest.server.Callers;
import dev.attest.server.JsonBodies;
import dev.attest.server.RequestIds;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what people do in the console in the organization's own log, through the same validation and durable
 * sequencer as producers' events: a recorded action is committed before the console answers.
 */
final class ConsoleAudit {
    private final EventParser parser;
    private final Sequencer sequencer;

    ConsoleAudit(EventParser parser, Sequencer sequencer) {
        this.parser = parser;
        this.sequencer = sequencer;
    }

    /** Records one event document in {@code organization}'s log and waits for its commit. */
    void record(OrganizationId organization, Map<String, Object> document) {
        // Its real size, so that the console's events are held to the same limit as producers' events.
        var raw = new EventParser.RawEvent(document, JsonBodies.size(document));
        List<NewEvent> events = parser.parse(organization, List.of(raw), false);
        sequencer.append(organization, events, Duration.ofSeconds(30));
    }

    /** An event document of {@code action} by the request's client. */
    static Map<String, Object> event(String action, Map<String, Object> actor, ServerRequest request) {
        var event = new LinkedHashMap<String, Object>();
        event.put("action", action);
        event.put("actor", actor);
        event.put("context", context(request));
        return event;
    }

    static Map<String, Object> actor(Member member) {
        var actor = new LinkedHashMap<String, Object>();
        actor.put("type", member.superUser() ? "super_user" : "member");
        actor.put("id", member.id());
        actor.put("name", member.name());
        actor.put("email", member.email());
        if (member.role() != null) {
            actor.put("role", member.role().wire());
        }
        return actor;
    }

    /**
     * Names the super-user in {@code payload} when {@code viewer} is an impersonation, as {@link
     * dev.attest.core.admin.Recorder} does for administrative actions: no impersonated action passes as the member's.
     */
    static void nameImpersonator(Map<String, Object> payload, SignedIn viewer) {
        nameImpersonator(payload, viewer.impersonator());
    }

    /** Names {@code impersonator} in {@code payload} when there is one. */
    static void nameImpersonator(Map<String, Object> payload, @org.jspecify.annotations.Nullable Member impersonator) {
        if (impersonator != null) {
            payload.put("impersonator", Principal.Impersonator.of(impersonator).payload());
        }
    }

    static Map<String, Object> target(Member member) {
        return Map.of("type", "user", "id", member.id(), "name", member.name());
    }

    /** The client's address, user agent and the request's id, as {@link Callers#context} reads them. */
    static Map<String, Object> context(ServerRequest request) {
        RequestContext read = Callers.context(request);
        var context = new LinkedHashMap<String, Object>();
        String ip = read.ip();
        String agent = read.userAgent();
        if (ip != null) {
            context.put("ip", ip);
        }
        if (agent != null) {
            context.put("user_agent", agent);
        }
        context.put("request_id", RequestIds.of(request));
        return context;
    }
}
