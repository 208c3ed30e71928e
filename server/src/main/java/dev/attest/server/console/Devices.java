package dev.attest.server.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A person-readable name of the device behind a user agent, e.g. "Firefox on Windows", for the list of one's sessions.
 * A hint, not an identification: user agents are chosen by the client. Order matters: Edge and Opera say "Chrome", and
 * Chrome says "Safari", so the more specific names are tried first.
 */
final class Devices {
    private static final List<Map.Entry<String, String>> BROWSERS = List.of(
            Map.entry("edg/", "Edge"),
            Map.entry("opr/", "Opera"),
            Map.entry("firefox/", "Firefox"),
            Map.entry("chromium/", "Chromium"),
            Map.entry("chrome/", "Chrome"),
            Map.entry("safari/", "Safari"),
            Map.entry("curl/", "curl"),
            Map.entry("java-http-client", "Java HttpClient"));
    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("iphone", "iPhone"),
            Map.entry("ipad", "iPad"),
            Map.entry("android", "Android"),
            Map.entry("windows", "Windows"),
            Map.entry("mac os x", "macOS"),
            Map.entry("cros", "ChromeOS"),
            Map.entry("linux", "Linux"));

    private Devices() {}

    static String describe(@Nullable String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String text = userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, text);
        String system = first(SYSTEMS, text);
        if (browser == null && system == null) {
            return "Other client";
        }
        if (browser == null) {
            return "A browser on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static @Nullable String first(List<Map.Entry<String, String>> names, String text) {
        for (Map.Entry<String, String> name : names) {
            if (text.contains(name.getKey())) {
                return name.getValue();
            }
        }
        return null;
    }
}
