package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export is recorded in the log ({@code log.export}), so only a form of the console itself may ask for one: a link
 * or a form on another site that a signed-in auditor's browser follows must be refused and record nothing.
 */
class ConsoleExportIT {
    @TempDir
    Path data;

    TestServer server;
    ConsoleSession browser;
    String csrf;
    String csv;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 2), b -> b);
        Accounts.Created ada = new Accounts(server.storage, Clock.systemUTC())
                .createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.AUDITOR);
        assertThat(server.postAcme(Documents.roleChange("e1")).status()).isEqualTo(201);
        browser = new ConsoleSession(server);
        csrf = browser.signInAs("ada@acme.test", ada.password());
        csv = "/orgs/" + server.acmeId().value() + "/export.csv";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<Event> exportsRecorded() {
        return server.recorded("log.export");
    }

    private Map<String, String> form(String token) {
        var form = new LinkedHashMap<String, String>();
        form.put("csrf", token);
        form.put("range", "all");
        form.put("action", "user.roleChange");
        return form;
    }

    @Test
    void get_export_405AndRecordsNothing() {
        for (String path : List.of(csv + "?range=all", csv.replace(".csv", ".jsonl") + "?range=all")) {
            TestServer.Reply reply = browser.get(path);

            assertThat(reply.status()).isEqualTo(405);
            assertThat(reply.header("Allow")).isEqualTo("POST");
        }
        assertThat(exportsRecorded()).isEmpty();
    }

    @Test
    void post_withoutOrWithAWrongToken_403AndRecordsNothing() {
        var withoutToken = new LinkedHashMap<>(form(""));
        withoutToken.remove("csrf");

        assertThat(browser.post(csv, withoutToken).status()).isEqualTo(403);
        assertThat(browser.post(csv, form("")).status()).isEqualTo(403);
        assertThat(browser.post(csv, form(csrf + "x")).status()).isEqualTo(403);
        assertThat(browser.post(csv, form(csrf.substring(1))).status()).isEqualTo(403);
        assertThat(exportsRecorded()).isEmpty();
    }

    @Test
    void post_fromAnotherSite_403AndRecordsNothingEvenWithTheToken() {
        Map<String, String> form = form(csrf);

        assertThat(browser.post(csv, form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
                        .status())
                .isEqualTo(403);
        assertThat(browser.post(csv, form, "Sec-Fetch-Site", "same-site").status())
                .isEqualTo(403);
        // A browser too old to send Sec-Fetch-Site is judged by its Origin.
        assertThat(browser.post(csv, form, "Origin", "https://evil.example").status())
                .isEqualTo(403);
        assertThat(browser.post(csv, form, "Origin", "null").status()).isEqualTo(403);
        assertThat(browser.post(csv, form, "Origin", "http://127.0.0.1:1").status())
                .isEqualTo(403);
        assertThat(exportsRecorded()).isEmpty();
    }

    @Test
    void post_fromTheConsoleWithTheToken_exportsTheFilterAndRecordsIt() {
        TestServer.Reply reply = browser.post(csv, form(csrf));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/csv");
        assertThat(reply.header("Content-Disposition")).startsWith("attachment;");
        assertThat(reply.raw().body()).startsWith("seq,id,").contains("e1");
        List<Event> recorded = exportsRecorded();
        assertThat(recorded).hasSize(1);
        assertThat(recorded.getFirst().payload())
                .containsEntry("format", "csv")
                .containsEntry("filter", "range=all&action=user.roleChange");
        assertThat(recorded.getFirst().actor().email()).isEqualTo("ada@acme.test");
    }

    @Test
    void post_byAClientThatSendsNoOriginButTheToken_isServed() {
        TestServer.Reply reply = browser.post(csv.replace(".csv", ".jsonl"), form(csrf), "Accept", "*/*");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.raw().body().lines()).allMatch(line -> line.contains("\"action\":\"user.roleChange\""));
        assertThat(exportsRecorded()).hasSize(1);
    }

    @Test
    void post_withoutSession_goesToSignInAndRecordsNothing() {
        TestServer.Reply reply = new ConsoleSession(server).post(csv, form(csrf));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).isEqualTo("/sign-in");
        assertThat(exportsRecorded()).isEmpty();
    }

    @Test
    void logPage_exportButtons_areFormsCarryingTheFilterAndToken() {
        String html = browser.get("/orgs/" + server.acmeId().value() + "/log?range=7d&outcome=failure")
                .raw()
                .body();

        assertThat(html)
                .contains("<form method=\"post\" action=\"" + csv + "\">")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"" + csrf + "\">")
                .contains("<input type=\"hidden\" name=\"outcome\" value=\"failure\">")
                .doesNotContain("export.csv?");
    }

    @Test
    void signIn_postedFromAnotherSite_isRefused() {
        var other = new ConsoleSession(server);
        String token = ConsoleSession.csrfOf(other.get("/sign-in").raw().body());

        TestServer.Reply reply = other.post(
                "/sign-in",
                Map.of("csrf", token, "email", "ada@acme.test", "password", "whatever", "next", ""),
                "Sec-Fetch-Site",
                "cross-site");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Set-Cookie")).doesNotContain("attest_session");
    }
}
