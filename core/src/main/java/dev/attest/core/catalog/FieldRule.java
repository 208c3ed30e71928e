package dev.attest.core.catalog;

import java.util.Set;

/** What a required payload field must hold. */
public sealed interface FieldRule {
    /** A human description of the rule, used in validation messages: "must be …". */
    String describe();

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
