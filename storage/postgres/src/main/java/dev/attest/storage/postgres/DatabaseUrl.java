package dev.attest.storage.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location as operators write it: {@code postgresql://user:pass@host:port/db?options} (also
 * {@code postgres://}, as libpq and most platforms print it), or a JDBC URL {@code jdbc:postgresql://…} as is.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user {@code null} when the URL names none (the driver's default, or a {@code user=} option of a JDBC URL)
 */
public record DatabaseUrl(
        String jdbcUrl, @Nullable String user, @Nullable String password) {
    /**
     * Reads either form.
     *
     * @throws IllegalArgumentException naming what is wrong, without echoing a password
     */
    public static DatabaseUrl parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "a database URL must start with postgresql://, postgres:// or jdbc:postgresql:");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL is malformed at index " + e.getIndex());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the database URL names no host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new DatabaseUrl(jdbc, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }
}
