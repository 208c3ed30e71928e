package dev.attest.server.compat;

import dev.attest.core.catalog.Catalog;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the action names of other services into Attest's form ({@code [a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+}):
 * inside each dot-separated segment, {@code _}, {@code -} and spaces become camelCase, other characters are dropped,
 * and a single segment gets the prefix of the service. {@code user.signed_in} becomes {@code user.signedIn},
 * {@code Document-Viewed} becomes {@code retraced.documentViewed}. Names already in Attest's form, the built-in
 * catalog actions among them, are kept as they are.
 */
final class ForeignActions {
    private static final java.util.regex.Pattern DOT = java.util.regex.Pattern.compile("\\.");

    private ForeignActions() {}

    /** The Attest action for {@code foreign}, or empty when nothing of it is left. */
    static Optional<String> toAttest(String foreign, String prefix) {
        if (Catalog.ACTION_FORM.matcher(foreign).matches()) {
            return Optional.of(foreign);
        }
        var out = new StringBuilder();
        int segments = 0;
        for (String segment : DOT.split(foreign, -1)) {
            String camel = camel(segment);
            if (camel.isEmpty()) {
                continue;
            }
            if (segments++ > 0) {
                out.append('.');
            }
            out.append(camel);
        }
        if (segments == 0) {
            return Optional.empty();
        }
        String action = segments == 1 ? prefix + "." + out : out.toString();
        return Catalog.ACTION_FORM.matcher(action).matches() && action.length() <= Catalog.MAX_ACTION_LENGTH
                ? Optional.of(action)
                : Optional.empty();
    }

    private static String camel(String segment) {
        var out = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '_' || c == '-' || c == ' ') {
                upper = out.length() > 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if (out.length() == 0 && c >= '0' && c <= '9') {
                    continue;
                }
                out.append(out.length() == 0 ? Character.toLowerCase(c) : upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A target type in Attest's form ({@code [a-z][a-z0-9_.-]{0,63}}): lower case, other characters as {@code _}. */
    static Optional<String> targetType(String foreign) {
        String lower = foreign.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return lower.matches("[a-z][a-z0-9_.-]{0,63}") ? Optional.of(lower) : Optional.empty();
    }
}
