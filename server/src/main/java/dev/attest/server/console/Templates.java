package dev.attest.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** Renders the precompiled JTE templates (HTML content type: every {@code ${…}} is escaped for its context). */
final class Templates {
    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.attest.server.console.templates");

    void send(ServerResponse response, int status, String template, String param, Object model) {
        var output = new Utf8ByteOutput();
        engine.render(template, Map.of(param, model), output);
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        // The console embeds nothing from elsewhere and is never framed.
        response.header(
                HeaderNames.create("Content-Security-Policy"),
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none';"
                        + " form-action 'self'; base-uri 'none'");
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.header(HeaderNames.create("Referrer-Policy"), "same-origin");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(output.toByteArray());
    }
}
