package dev.attest.core.event;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who did it, as they were at the time of the event.
 *
 * @param role the actor's role in the organization at the time, e.g. {@code owner}
 */
public record Actor(
        ActorType type,
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable String role) {
    /** What an email address must look like here: something, one {@code @}, something, no white space. */
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
}
