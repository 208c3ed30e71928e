package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.attest.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The official Node clients of WorkOS ({@code @workos-inc/node}) and Retraced ({@code @retracedhq/retraced}), installed
 * from the npm registry into {@code target/npm-compat} (kept between runs), send events to a real Attest; the test
 * then reads back what was stored. Needs Node.js and npm: skipped without them, except in CI, where it fails
 * ({@link ExternalTools}).
 */
class CompatClientsIT {
    /** Pinned: 8.x is the last line of the WorkOS client that runs on Node 20 (9+ needs Node 22.11). */
    static final List<String> PACKAGES = List.of("@workos-inc/node@8.9.0", "@retracedhq/retraced@0.7.23");

    static final Path FIXTURE = Path.of("target", "npm-compat").toAbsolutePath();

    @TempDir
    static Path data;

    static TestServer server;
    static JsonNode outcome;
    static List<JsonNode> stored;

    @BeforeAll
    static void run() throws Exception {
        ExternalTools.require(
                "the official-client tests (CompatClientsIT)", "apt-get install -y nodejs npm", "node", "npm");
        install();
        copy("clients.mjs");
        server = new TestServer(data);
        String output = exec(
                List.of("node", "clients.mjs"),
                Map.of(
                        "ATTEST_PORT", Integer.toString(server.server.port()),
                        "ATTEST_ORG", server.acmeId().value(),
                        "ATTEST_KEY", server.acmeKey(),
                        "OTHER_ORG", server.globex.organization().id().value()),
                120);
        outcome = Json.MAPPER.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        JsonNode page = server.get(server.eventsPath(server.acmeId()) + "?limit=100", server.acmeKey())
                .json();
        stored = new ArrayList<>(page.get("data").valueStream().toList());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void workos_createEventTwiceWithOneIdempotencyKey_storesOneEvent() {
        List<JsonNode> signedIn = withAction("user.signedIn");
        assertThat(signedIn).hasSize(1);
        assertThat(signedIn.getFirst().get("id").asString()).matches("wos_[0-9a-f]{40}");
    }

    @Test
    void workos_event_mapsActorTargetsContextMetadataAndOutcome() {
        JsonNode event = withAction("user.signedIn").getFirst();
        assertThat(event.get("occurred_at").asString()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(event.get("actor").get("type").asString()).isEqualTo("member");
        assertThat(event.get("actor").get("id").asString()).isEqualTo("user_01");
        assertThat(event.get("actor").get("name").asString()).isEqualTo("Jon Smith");
        assertThat(event.get("target").get("type").asString()).isEqualTo("team");
        assertThat(event.get("target").get("id").asString()).isEqualTo("team_01");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("203.0.113.7");
        assertThat(event.get("context").get("user_agent").asString()).isEqualTo("Chrome/120");
        assertThat(event.get("outcome").asString()).isEqualTo("failure");
        JsonNode payload = event.get("payload");
        assertThat(payload.get("plan").asString()).isEqualTo("pro");
        assertThat(payload.get("seats").asLong()).isEqualTo(3);
        assertThat(payload.has("outcome")).isFalse();
        JsonNode workos = payload.get("workos");
        assertThat(workos.get("action").asString()).isEqualTo("user.signed_in");
        assertThat(workos.get("actor_type").asString()).isEqualTo("user");
        assertThat(workos.get("actor_metadata").get("role").asString()).isEqualTo("admin");
        assertThat(workos.get("version").asLong()).isEqualTo(1);
        assertThat(workos.get("targets").valueStream().map(t -> t.get("id").asString()))
                .containsExactly("team_01", "user_02");
    }

    @Test
    void workos_withoutIdempotencyKey_storedOnce() {
        assertThat(withAction("user.signedOut")).hasSize(1);
        assertThat(withAction("user.signedOut").getFirst().get("outcome").asString())
                .isEqualTo("success");
    }

    @Test
    void workos_otherOrganizationOrInvalidEvent_sdkSeesWorkOsErrors() {
        assertThat(outcome.get("workosOtherOrg").asString()).isEqualTo("NotFoundException 404");
        assertThat(outcome.get("workosInvalid").asString()).contains("400");
    }

    @Test
    void retraced_reportEvent_hashAcceptedByClient_andEventMapped() {
        String id = outcome.get("retracedId").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        JsonNode event = stored.stream()
                .filter(e -> e.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(event.get("action").asString()).isEqualTo("document.viewed");
        assertThat(event.get("occurred_at").asString()).isEqualTo("2026-01-02T03:04:06.000Z");
        assertThat(event.get("actor").get("type").asString()).isEqualTo("member");
        assertThat(event.get("actor").get("id").asString()).isEqualTo("alice@acme.test");
        assertThat(event.get("target").get("type").asString()).isEqualTo("document");
        assertThat(event.get("outcome").asString()).isEqualTo("failure");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("198.51.100.4");
        JsonNode payload = event.get("payload");
        assertThat(payload.get("a=b").asString()).isEqualTo("c;d");
        JsonNode retraced = payload.get("retraced");
        assertThat(retraced.get("crud").asString()).isEqualTo("r");
        assertThat(retraced.get("group").get("id").asString()).isEqualTo("customer:42");
        assertThat(retraced.get("target").get("type").asString()).isEqualTo("Document");
        assertThat(retraced.get("actor").get("fields").get("dept").asString()).isEqualTo("ops");
        assertThat(retraced.get("external_id").asString()).isEqualTo("ext:1");
    }

    @Test
    void retraced_reportEvents_bulkStoredAllOrNothing() {
        assertThat(withAction("retraced.login")).hasSize(1);
        assertThat(withAction("retraced.login")
                        .getFirst()
                        .get("actor")
                        .get("type")
                        .asString())
                .isEqualTo("unknown");
        assertThat(withAction("user.delete")).hasSize(1);
        assertThat(stored).hasSize(5);
    }

    private static List<JsonNode> withAction(String action) {
        return stored.stream()
                .filter(e -> e.get("action").asString().equals(action))
                .toList();
    }

    static void install() throws Exception {
        boolean cached = Files.exists(FIXTURE.resolve("node_modules/@workos-inc/node/package.json"))
                && Files.exists(FIXTURE.resolve("node_modules/@retracedhq/retraced/package.json"))
                && Files.readString(FIXTURE.resolve("node_modules/@workos-inc/node/package.json"))
                        .contains("\"version\": \"8.9.0\"");
        if (cached) {
            return;
        }
        Files.createDirectories(FIXTURE);
        var command = new ArrayList<>(List.of(
                "npm", "install", "--prefix", FIXTURE.toString(), "--no-audit", "--no-fund", "--loglevel=error"));
        command.addAll(PACKAGES);
        exec(command, Map.of(), 300);
    }

    static void copy(String resource) throws IOException {
        try (InputStream in = CompatClientsIT.class.getResourceAsStream("compat/" + resource)) {
            assertThat(in).as("test resource " + resource).isNotNull();
            Files.copy(in, FIXTURE.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs a command in the fixture directory; its standard output, or a failure naming what went wrong. */
    static String exec(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
        var builder = new ProcessBuilder(command).directory(FIXTURE.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.getFirst() + " is required by this test (Node.js >= 20.15 with npm) and could not be run: "
                            + e.getMessage(),
                    e);
        }
        var stdout = new java.io.ByteArrayOutputStream();
        var stderr = new java.io.ByteArrayOutputStream();
        Thread out = Thread.ofPlatform().start(() -> drain(process.getInputStream(), stdout));
        Thread err = Thread.ofPlatform().start(() -> drain(process.getErrorStream(), stderr));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        out.join();
        err.join();
        String output = stdout.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + process.exitValue() + "\nstdout:\n" + output
                    + "\nstderr:\n" + stderr.toString(StandardCharsets.UTF_8));
        }
        return output;
    }

    private static void drain(InputStream in, java.io.ByteArrayOutputStream into) {
        try {
            in.transferTo(into);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
