package dev.attest.server.console;

import io.helidon.webserver.http.ServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads {@code application/x-www-form-urlencoded} bodies of the console's forms. */
final class Forms {
    /** The largest form body read: the forms hold an email, a password and a token. */
    private static final int MAX_BYTES = 16 * 1024;

    private Forms() {}

    static Map<String, String> read(ServerRequest request) {
        byte[] body = request.content().as(byte[].class);
        var fields = new HashMap<String, String>();
        if (body.length > MAX_BYTES) {
            return fields;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
