package dev.attest.server.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The SMTP server of {@code ATTEST_SMTP_URL}: {@code smtp://[user:password@]host[:port][?starttls=…&from=…]} or
 * {@code smtps://…}.
 *
 * <ul>
 *   <li>{@code smtps://} speaks TLS from the first byte (port 465 unless given);
 *   <li>{@code smtp://} (port 587 unless given) upgrades with STARTTLS when the server offers it; {@code starttls=required}
 *       refuses to send without it, {@code starttls=never} never asks (a relay on the same host);
 *   <li>{@code from} is the sender's address, {@code attest@localhost} unless given.
 * </ul>
 *
 * User and password are percent-decoded. {@link #toString()} never shows the password. Immutable.
 */
public record SmtpUrl(
        boolean implicitTls,
        String host,
        int port,
        @Nullable String user,
        @Nullable String password,
        StartTls startTls,
        String from) {

    /** Whether and how {@code smtp://} upgrades to TLS. */
    public enum StartTls {
        WHEN_OFFERED,
        REQUIRED,
        NEVER
    }

    /**
     * Reads {@code ATTEST_SMTP_URL}.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the password)
     */
    public static SmtpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ATTEST_SMTP_URL is not a URL: write smtp://user:password@host:port"
                    + " (percent-encode special characters of the password)");
        }
        String scheme = uri.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("ATTEST_SMTP_URL must start with smtp:// or smtps://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("ATTEST_SMTP_URL names no host: write smtp://user:password@host:port");
        }
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> query = query(uri.getRawQuery());
        StartTls startTls = switch (query.getOrDefault("starttls", "")) {
            case "" -> StartTls.WHEN_OFFERED;
            case "required" -> StartTls.REQUIRED;
            case "never" -> StartTls.NEVER;
            default ->
                throw new IllegalArgumentException(
                        "ATTEST_SMTP_URL: starttls must be required or never (or left out: when offered)");
        };
        for (String key : query.keySet()) {
            if (!key.equals("starttls") && !key.equals("from")) {
                throw new IllegalArgumentException(
                        "ATTEST_SMTP_URL: unknown parameter " + key + "; known are starttls and from");
            }
        }
        String from = query.getOrDefault("from", "attest@localhost");
        if (!from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("ATTEST_SMTP_URL: from must be an email address");
        }
        return new SmtpUrl(tls, host, port, user, password, startTls, from);
    }

    /** Jakarta Mail session properties for this server, with timeouts so that a dead server fails within seconds. */
    Properties properties() {
        String protocol = implicitTls ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        var props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(prefix + "host", host);
        props.put(prefix + "port", String.valueOf(port));
        props.put(prefix + "auth", String.valueOf(user != null));
        props.put(prefix + "connectiontimeout", "10000");
        props.put(prefix + "timeout", "10000");
        props.put(prefix + "writetimeout", "10000");
        props.put(prefix + "from", from);
        if (implicitTls) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        } else if (startTls != StartTls.NEVER) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", String.valueOf(startTls == StartTls.REQUIRED));
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    /** Where mail goes, for people and logs: no password. */
    @Override
    public String toString() {
        return (implicitTls ? "smtps://" : "smtp://") + (user == null ? "" : user + ":****@") + host + ":" + port;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(@Nullable String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            map.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return map;
    }
}
