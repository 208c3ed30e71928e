package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.account.Totp;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of secret Attest handles — passwords, TOTP keys, recovery codes, API keys, app secrets, access tokens,
 * invitation and reset links, session cookies — is used once through the real server, and then searched for in every
 * answer given after the one that showed it, in every log line the server wrote, and in every event of every log. None
 * may be found (issue 12).
 */
class SecretsNeverLeakIT {
    private static final Pattern TOTP_KEY = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>");
    private static final Pattern LINK =
            Pattern.compile("https?://[^/\\s]+(/(?:invitations|password-reset)/[A-Za-z0-9_-]+)");
    private static final Pattern SESSION = Pattern.compile("attest_session=([A-Za-z0-9_-]{20,})");

    @TempDir
    Path data;

    final SteppingClock clock = new SteppingClock();
    final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            // Attest's own loggers at every level; the libraries' at the level a server runs with. (Helidon's FINE
            // socket tracing prints request paths, single-use links included: not for production.)
            String logger = String.valueOf(record.getLoggerName());
            if (logger.startsWith("dev.attest") || record.getLevel().intValue() >= Level.INFO.intValue()) {
                logLines.add(format.format(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    final Logger root = Logger.getLogger("");
    Level rootLevel = Level.INFO;
    TestServer server;
    /** The secrets, by what they are. */
    final Map<String, String> secrets = new LinkedHashMap<>();
    /** The TOTP codes typed, right and wrong. */
    final List<String> typedCodes = new ArrayList<>();
    /** Every answer the server gave after the secrets it carried were shown, to be searched. */
    final List<String> answers = new ArrayList<>();

    @BeforeEach
    void start() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        server = new TestServer(SqliteStorage.open(data, 4), b -> b.clock(clock));
    }

    @AfterEach
    void stop() {
        server.close();
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    private TestServer.Reply kept(TestServer.Reply reply) {
        answers.add(reply.status() + " " + reply.raw().headers().map() + "\n"
                + reply.raw().body());
        return reply;
    }

    private String secret(String what, String value) {
        assertThat(value).as(what).hasSizeGreaterThanOrEqualTo(8);
        secrets.put(what, value);
        return value;
    }

    @Test
    void noSecret_inLaterAnswers_logLines_orEvents() throws Exception {
        var accounts = new Accounts(server.storage, TestClock.clock());
        String adaPassword = secret(
                "Ada's password",
                accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.OWNER)
                        .password());
        secret("Acme's first API key", server.acmeKey());
        String org = "/v1/organizations/" + server.acmeId().value();

        // A person: password sign-in, TOTP enrolment (key and recovery codes shown once), sign-in with both factors.
        var ada = new ConsoleSession(server, "Firefox/133.0");
        String csrf = ada.signInAs("ada@acme.test", adaPassword);
        ada.post("/account/mfa/setup", Map.of("csrf", csrf));
        Matcher typed = TOTP_KEY.matcher(ada.get("/account").raw().body());
        assertThat(typed.find()).isTrue();
        byte[] key = Totp.fromBase32(secret("Ada's TOTP key", typed.group(1)));
        String enrolling = typedCode(Totp.code(key, Totp.step(clock.instant()), 6));
        TestServer.Reply confirmed = ada.post("/account/mfa/confirm", Map.of("csrf", csrf, "code", enrolling));
        Matcher codes = RECOVERY.matcher(confirmed.raw().body());
        int shown = 0;
        while (codes.find()) {
            secret("recovery code " + ++shown, codes.group(1));
        }
        assertThat(shown).isEqualTo(10);
        kept(ada.get("/account"));
        var again = new ConsoleSession(server, "Chrome/131.0");
        TestServer.Reply password = again.signIn("ada@acme.test", adaPassword, "");
        kept(password);
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        String step = again.get("/sign-in/mfa").raw().body();
        // The answer that sets the session cookie shows it, once.
        TestServer.Reply second = again.post(
                "/sign-in/mfa",
                Map.of("csrf", ConsoleSession.csrfOf(step), "code", secrets.get("recovery code 3"), "next", ""));
        kept(again.get("/account"));
        assertThat(second.status()).as(second.raw().body()).isEqualTo(303);
        Matcher cookie = SESSION.matcher(String.valueOf(second.raw().headers().allValues("set-cookie")));
        assertThat(cookie.find()).isTrue();
        secret("Ada's session cookie", cookie.group(1));

        // What a person types wrong is often nearly right: a mistyped password at sign-in, a wrong current password,
        // a TOTP code that is a step old; none of them is kept anywhere either.
        kept(new ConsoleSession(server).signIn("ada@acme.test", secret("a mistyped password", adaPassword + "x"), ""));
        var third = new ConsoleSession(server, "Safari/18.1");
        third.signIn("ada@acme.test", adaPassword, "");
        String thirdStep = third.get("/sign-in/mfa").raw().body();
        String stale = typedCode(Totp.code(key, Totp.step(clock.instant()) - 3, 6));
        kept(third.post("/sign-in/mfa", Map.of("csrf", ConsoleSession.csrfOf(thirdStep), "code", stale, "next", "")));
        kept(ada.post(
                "/account/password",
                Map.of(
                        "csrf",
                        csrf,
                        "current_password",
                        secret("a wrong current password", "Nearly-Adas-Password-1"),
                        "password",
                        "a new password that is never set",
                        "password_again",
                        "a new password that is never set")));

        // Machines: a key made and regenerated, an app, its secret and an access token.
        TestServer.Reply made = server.call(
                "POST",
                org + "/api-keys",
                "Bearer " + server.acmeKey(),
                "{\"name\": \"SIEM\", \"scopes\": [\"events:read\"]}");
        assertThat(made.status()).isEqualTo(201);
        secret("the SIEM's key", made.json().get("key").asString());
        String keyId = made.json().get("id").asString();
        TestServer.Reply regenerated =
                server.call("POST", org + "/api-keys/" + keyId + "/regenerate", "Bearer " + server.acmeKey(), "");
        String siemKey =
                secret("the SIEM's new key", regenerated.json().get("key").asString());
        TestServer.Reply app = server.call(
                "POST",
                org + "/apps",
                "Bearer " + server.acmeKey(),
                "{\"name\": \"Reporter\", \"scopes\": [\"events:write\"]}");
        assertThat(app.status()).isEqualTo(201);
        String clientId = app.json().get("client_id").asString();
        String clientSecret = secret(
                "the app's client secret", app.json().get("client_secret").asString());
        TestServer.Reply token = server.send(HttpRequest.newBuilder(server.uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret="
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)))
                .build());
        assertThat(token.status()).as(token.raw().body()).isEqualTo(200);
        String accessToken =
                secret("an access token", token.json().get("access_token").asString());
        kept(server.post(
                server.acmeId(),
                accessToken,
                "{\"action\": \"document.view\", \"actor\": {\"type\": \"app\", \"id\": \"r\"}}"));
        kept(server.get(org + "/events", siemKey));

        // An admin sets a member's password; an invitation is sent and accepted; a password is reset by email.
        String gracePassword = secret("Grace's password set by an admin", "Sturdy-Admin-Chosen-9");
        String graceId = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace", Role.ADMIN)
                .member()
                .id();
        kept(server.call(
                "PUT",
                org + "/members/" + graceId + "/password",
                "Bearer " + server.acmeKey(),
                "{\"password\": \"" + gracePassword + "\"}"));
        kept(server.call(
                "POST",
                org + "/invitations",
                "Bearer " + server.acmeKey(),
                "{\"email\": \"katherine@acme.test\", \"role\": \"auditor\"}"));
        String invitation = linkOfNewestMail();
        secret("the invitation's token", invitation.substring(invitation.lastIndexOf('/') + 1));
        var katherine = new ConsoleSession(server);
        String acceptPage = katherine.get(invitation).raw().body();
        String katherinePassword = secret("Katherine's password", "orbital mechanics 1962");
        kept(katherine.post(
                invitation,
                Map.of(
                        "csrf",
                        ConsoleSession.csrfOf(acceptPage),
                        "name",
                        "Katherine",
                        "password",
                        katherinePassword,
                        "password_again",
                        katherinePassword)));
        var forgetful = new ConsoleSession(server);
        kept(forgetful.post(
                "/password-reset",
                Map.of(
                        "csrf",
                        ConsoleSession.csrfOf(
                                forgetful.get("/password-reset").raw().body()),
                        "email",
                        "katherine@acme.test")));
        String reset = linkOfNewestMail();
        secret("the reset's token", reset.substring(reset.lastIndexOf('/') + 1));
        String resetPage = forgetful.get(reset).raw().body();
        String newPassword = secret("Katherine's new password", "free as in freedom 1991");
        kept(forgetful.post(
                reset,
                Map.of(
                        "csrf",
                        ConsoleSession.csrfOf(resetPage),
                        "password",
                        newPassword,
                        "password_again",
                        newPassword)));

        // Afterwards, every place that shows these things.
        kept(ada.get("/account"));
        kept(ada.get("/orgs/" + server.acmeId().value() + "/api-keys"));
        kept(ada.get("/orgs/" + server.acmeId().value() + "/members"));
        kept(ada.get("/orgs/" + server.acmeId().value() + "/invitations"));
        kept(ada.get("/orgs/" + server.acmeId().value() + "/log"));
        kept(ada.post("/orgs/" + server.acmeId().value() + "/export.jsonl", Map.of("csrf", csrf)));
        for (String path : List.of("/api-keys", "/apps", "/members", "/invitations", "/events")) {
            kept(server.get(org + path, server.acmeKey()));
        }

        assertThat(secrets).hasSizeGreaterThanOrEqualTo(22);
        List<String> events = new ArrayList<>();
        for (OrganizationId log : List.of(server.acmeId(), Accounts.INSTALLATION)) {
            server.storage
                    .events()
                    .scan(
                            log,
                            0,
                            Long.MAX_VALUE,
                            event -> events.add(event + " " + event.actor() + " " + event.target() + " "
                                    + event.payload() + " " + event.context()));
        }
        assertThat(events).isNotEmpty();
        assertThat(logLines).as("the server logged").isNotEmpty();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String value = secret.getValue();
            for (String answer : answers) {
                assertThat(answer).as(secret.getKey() + " in an answer").doesNotContain(value);
            }
            for (String line : List.copyOf(logLines)) {
                assertThat(line).as(secret.getKey() + " in a log line").doesNotContain(value);
            }
            for (String event : events) {
                assertThat(event).as(secret.getKey() + " in an event").doesNotContain(value);
            }
        }
        assertThat(typedCodes).hasSize(2);
        for (String code : typedCodes) {
            for (String line : List.copyOf(logLines)) {
                assertThat(holdsCode(line, code))
                        .as("a typed code in the log line " + line)
                        .isFalse();
            }
            for (String event : events) {
                assertThat(holdsCode(event, code))
                        .as("a typed code in the event " + event)
                        .isFalse();
            }
        }

        // At rest (the write-ahead log included): the database files hold hashes and sealed seeds, never these. (Links
        // stay out of this search: an
        // installation without SMTP keeps the mail that carries them in its outbox, by design.)
        var atRest = new StringBuilder();
        try (var files = java.nio.file.Files.walk(data)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                atRest.append(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (!secret.getKey().contains("token")) {
                assertThat(atRest.indexOf(secret.getValue()))
                        .as(secret.getKey() + " stored in the data directory")
                        .isEqualTo(-1);
            }
        }
    }

    /**
     * A TOTP code typed (six digits): too short to search for as a string among ids and timestamps, so it is searched
     * for in log lines and events as a number of its own, not within a longer one.
     */
    private String typedCode(String code) {
        typedCodes.add(code);
        return code;
    }

    /** Whether {@code text} holds {@code code} as a number of its own (not inside a longer run of digits). */
    private static boolean holdsCode(String text, String code) {
        return Pattern.compile("(?<![0-9.])" + code + "(?![0-9])").matcher(text).find();
    }

    private String linkOfNewestMail() {
        String text = Mailbox.newestInOutbox(server.storage).mail().text();
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return Objects.requireNonNull(link.group(1));
    }
}
