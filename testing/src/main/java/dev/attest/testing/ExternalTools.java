package dev.attest.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs outside the JVM that a few suites drive: Debian's Chromium (browser journeys) and Node.js with npm (the
 * official WorkOS and Retraced clients). Where one is missing a suite is skipped, with one line on the console saying
 * what to install, so that {@code ./mvnw verify} passes on a fresh machine; in CI (environment variable {@code CI} set
 * to anything but {@code false} or {@code 0}) the suite fails instead, because CI installs them ({@code .ci/run}) and
 * must never pass without running what they test.
 */
public final class ExternalTools {
    /** The system property naming the Chromium executable; Debian's {@value #DEFAULT_CHROMIUM} when unset. */
    public static final String CHROMIUM_PROPERTY = "attest.test.chromium";

    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";

    private ExternalTools() {}

    /** The Chromium executable the browser journeys launch. */
    public static Path chromium() {
        String configured = System.getProperty(CHROMIUM_PROPERTY);
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_CHROMIUM : configured.strip());
    }

    /**
     * Lets the calling suite run only if every program is there; call it first in {@code @BeforeAll}.
     *
     * @param suite what needs them, for the message, e.g. {@code "the browser journeys"}
     * @param install how to install what is missing, e.g. {@code "apt-get install -y chromium"}
     * @param programs absolute paths of executables, or command names looked up on {@code PATH}
     * @throws org.opentest4j.TestAbortedException (skipping the suite) when one is missing outside CI
     * @throws AssertionError when one is missing in CI
     */
    public static void require(String suite, String install, String... programs) {
        List<String> missing = missing(System.getenv(), programs);
        if (missing.isEmpty()) {
            return;
        }
        String what = suite + " need " + String.join(" and ", missing) + ", which "
                + (missing.size() == 1 ? "is" : "are") + " not installed: " + install;
        if (inCi(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + what + " (.ci/run installs what they need; CI never skips them)");
        }
        System.err.println("SKIPPED: " + what);
        Assumptions.abort("SKIPPED: " + what);
    }

    /** Whether the environment variable {@code CI} says this is a CI run. */
    static boolean inCi(@Nullable String ci) {
        return ci != null
                && !ci.isBlank()
                && !ci.strip().equalsIgnoreCase("false")
                && !ci.strip().equals("0");
    }

    /** The programs of {@code programs} that cannot be run, in the given order. */
    static List<String> missing(Map<String, String> environment, String... programs) {
        var missing = new ArrayList<String>();
        for (String program : programs) {
            if (!(program.contains(File.separator)
                    ? Files.isExecutable(Path.of(program))
                    : onPath(environment, program))) {
                missing.add(program);
            }
        }
        return missing;
    }

    private static boolean onPath(Map<String, String> environment, String command) {
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator, -1)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
