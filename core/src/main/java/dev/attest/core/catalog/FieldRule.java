package dev.attest.core.catalog;

import dev.attest.core.event.Actor;
import dev.attest.core.event.Limits;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/** What a required payload field must hold. */
public sealed interface FieldRule {
    /** A human description of the rule, used in validation messages: "must be …". */
    String describe();

    /** Whether {@code value}, a JSON value as the parser copies it (never {@code null}), keeps the rule. */
    default boolean accepts(Object value) {
        return switch (this) {
            case Text t -> value instanceof String s && !s.isBlank();
            case Email e -> value instanceof String s && Actor.EMAIL.matcher(s).matches();
            case OneOf o -> value instanceof String s && o.values().contains(s);
            case Count c -> isWholeNumber(value) && new BigDecimal(value.toString()).signum() >= 0;
            case Flag f -> value instanceof Boolean;
            case Changes c -> value instanceof Map<?, ?>;
            case Scalar s -> value instanceof String || value instanceof Number || value instanceof Boolean;
        };
    }

    private static boolean isWholeNumber(Object value) {
        return value instanceof Long
                || (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Limits.MAX_SAFE_INTEGER);
    }

    /** A non-empty string. */
    record Text() implements FieldRule {
        @Override
        public String describe() {
            return "a non-empty string";
        }
    }

    /** An email address (something@domain). */
    record Email() implements FieldRule {
        @Override
        public String describe() {
            return "an email address";
        }
    }

    /** One of a fixed set of strings. */
    record OneOf(Set<String> values) implements FieldRule {
        public OneOf {
            values = Set.copyOf(values);
        }

        @Override
        public String describe() {
            return "one of " + values.stream().sorted().toList();
        }
    }

    /** A whole number >= 0. */
    record Count() implements FieldRule {
        @Override
        public String describe() {
            return "a whole number >= 0";
        }
    }

    /** {@code true} or {@code false}. */
    record Flag() implements FieldRule {
        @Override
        public String describe() {
            return "a boolean";
        }
    }

    /** A JSON object. */
    record Changes() implements FieldRule {
        @Override
        public String describe() {
            return "an object";
        }
    }

    /** A string, number or boolean (the old or new value of a setting). */
    record Scalar() implements FieldRule {
        @Override
        public String describe() {
            return "a string, number or boolean";
        }
    }
}
