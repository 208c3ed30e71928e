package dev.attest.core.catalog;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the catalog says about one built-in action.
 *
 * @param label a short readable label for people, e.g. "Signed in"
 * @param critical whether the action is security-critical (marked in the UI, filterable, eligible for alerts)
 * @param targetType the type the event's target must have
 * @param targetRequired whether an event must name its target ({@code auth.login.failure} names it only if known)
 * @param outcome the only outcome the action can have, if it is fixed (a failed sign-in is a failure)
 * @param actorTypes the actor types allowed, or empty for any
 * @param payload the fields the payload must carry, in catalog order
 */
public record ActionSpec(
        String action,
        String label,
        boolean critical,
        String targetType,
        boolean targetRequired,
        @Nullable Outcome outcome,
        Set<ActorType> actorTypes,
        Map<String, FieldRule> payload) {

    public ActionSpec {
        actorTypes = Set.copyOf(actorTypes);
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    public String category() {
        return Catalog.categoryOf(action);
    }

    public Optional<Outcome> fixedOutcome() {
        return Optional.ofNullable(outcome);
    }
}
