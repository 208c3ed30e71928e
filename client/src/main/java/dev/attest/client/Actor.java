package dev.attest.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who did it, as they were at the time of the event. Immutable; the {@code with…} methods return copies.
 *
 * @param id required for every type but {@link ActorType#SYSTEM} and {@link ActorType#UNKNOWN}
 * @param role the actor's role in the organization at the time, e.g. {@code owner}
 */
public record Actor(
        ActorType type,
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable String role) {

    public Actor {
        Objects.requireNonNull(type, "type");
        if (id == null && type != ActorType.SYSTEM && type != ActorType.UNKNOWN) {
            throw new IllegalArgumentException("an actor of type " + type.wire() + " needs an id");
        }
    }

    /** A member of the organization, by id. */
    public static Actor member(String id) {
        return new Actor(ActorType.MEMBER, id, null, null, null);
    }

    /** An API key acting on its own, by id (e.g. its prefix). */
    public static Actor apiKey(String id) {
        return new Actor(ActorType.API_KEY, id, null, null, null);
    }

    /** An OAuth app or integration, by id. */
    public static Actor app(String id) {
        return new Actor(ActorType.APP, id, null, null, null);
    }

    /** An operator of the installation (the only actor allowed for {@code auth.impersonate}). */
    public static Actor superUser(String id) {
        return new Actor(ActorType.SUPER_USER, id, null, null, null);
    }

    /** A vendor's customer reading the log through a portal link or the embedded viewer, by the id the vendor gave. */
    public static Actor viewer(String id) {
        return new Actor(ActorType.VIEWER, id, null, null, null);
    }

    /** The product itself (a scheduled job, a webhook). */
    public static Actor system() {
        return new Actor(ActorType.SYSTEM, null, null, null, null);
    }

    /** Someone not known, e.g. a failed sign-in with an unknown email. */
    public static Actor unknown() {
        return new Actor(ActorType.UNKNOWN, null, null, null, null);
    }

    public Actor withName(String value) {
        return new Actor(type, id, value, email, role);
    }

    public Actor withEmail(String value) {
        return new Actor(type, id, name, value, role);
    }

    public Actor withRole(String value) {
        return new Actor(type, id, name, email, value);
    }
}
