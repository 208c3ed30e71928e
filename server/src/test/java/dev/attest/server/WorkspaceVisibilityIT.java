package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.member.Group;
import dev.attest.core.member.Role;
import dev.attest.core.member.Workspace;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the console, an auditor reads the events of {@code default} and of the workspaces they have access to, directly
 * or through a group — in the log page, its detail drawer and its exports — while an owner reads every workspace
 * (docs/adr/0006).
 */
class WorkspaceVisibilityIT {
    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    Accounts.Created linus;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.AUDITOR);
        for (String workspace : List.of("staging", "production", "qa")) {
            server.storage.workspaces().create(new Workspace(server.acmeId(), workspace, TestClock.now()));
            post(workspace);
        }
        post("default");
        // Staging through a group, qa directly; production not at all.
        server.storage
                .groups()
                .create(new Group(
                        "grp_1",
                        server.acmeId(),
                        "Staging team",
                        TestClock.now(),
                        List.of(linus.member().id()),
                        List.of("staging")));
        server.storage.workspaces().replaceOfMember(linus.member().id(), List.of("qa"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void post(String workspace) {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "evt-" + workspace);
        event.put("action", "user.roleChange");
        event.put("occurred_at", "2026-11-01T10:15:02.120Z");
        event.put("actor", Map.of("type", "member", "id", "usr_9", "name", "Ada Lovelace"));
        event.put("target", Map.of("type", "user", "id", "usr_12", "name", "Target in " + workspace));
        event.put("workspace", workspace);
        event.put("payload", Map.of("from", "member", "to", "admin"));
        TestServer.Reply reply = server.postAcme(Documents.json(event));
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    }

    private String log() {
        return "/orgs/" + server.acmeId().value();
    }

    @Test
    void auditor_readsDefaultAndTheirWorkspacesOnly_inThePageTheDrawerAndTheExport() {
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs("linus@acme.test", linus.password());

        String page = browser.get(log() + "/log?range=all").raw().body();
        TestServer.Reply hidden = browser.get(log() + "/events/evt-production");
        TestServer.Reply shown = browser.get(log() + "/events/evt-staging");
        String export = browser.post(log() + "/export.jsonl", Map.of("csrf", csrf, "range", "all"))
                .raw()
                .body();

        assertThat(page)
                .contains("Target in default", "Target in staging", "Target in qa")
                .doesNotContain("Target in production");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(export).contains("evt-default", "evt-staging", "evt-qa").doesNotContain("evt-production");
    }

    @Test
    void owner_readsEveryWorkspace() {
        var browser = new ConsoleSession(server);
        browser.signInAs("ada@acme.test", ada.password());

        String page = browser.get(log() + "/log?range=all").raw().body();

        assertThat(page).contains("Target in default", "Target in staging", "Target in qa", "Target in production");
        assertThat(browser.get(log() + "/events/evt-production").status()).isEqualTo(200);
    }

    @Test
    void auditor_workspaceSelect_offersOnlyVisibleWorkspaces_andFiltersThroughTheUrl() {
        var browser = new ConsoleSession(server);
        browser.signInAs("linus@acme.test", linus.password());

        String all = browser.get(log() + "/log?range=all").raw().body();
        String staging =
                browser.get(log() + "/log?range=all&workspace=staging").raw().body();
        String production =
                browser.get(log() + "/log?range=all&workspace=production").raw().body();

        String select = all.substring(
                all.indexOf("id=\"f-workspace\""), all.indexOf("</select>", all.indexOf("id=\"f-workspace\"")));
        assertThat(select)
                .contains("value=\"default\"", "value=\"qa\"", "value=\"staging\"")
                .doesNotContain("production");
        assertThat(staging)
                .contains("Target in staging", "value=\"staging\" selected")
                .doesNotContain("Target in qa", "Target in default");
        // A workspace the auditor may not read is ignored, as any unknown choice: the visible ones are shown.
        assertThat(production).contains("Target in qa").doesNotContain("Target in production");
    }

    @Test
    void auditorSession_readsV1EventsOfVisibleWorkspacesOnly() {
        var browser = new ConsoleSession(server);
        browser.signInAs("linus@acme.test", linus.password());
        String v1 = "/v1/organizations/" + server.acmeId().value() + "/events";

        TestServer.Reply all = browser.get(v1);
        TestServer.Reply production = browser.get(v1 + "?workspace=production");
        TestServer.Reply stagingAndProduction = browser.get(v1 + "?workspace=staging&workspace=production");

        assertThat(all.status()).as(all.raw().body()).isEqualTo(200);
        assertThat(all.raw().body())
                .contains("evt-default", "evt-staging", "evt-qa")
                .doesNotContain("evt-production");
        assertThat(production.raw().body()).doesNotContain("evt-");
        assertThat(stagingAndProduction.raw().body()).contains("evt-staging").doesNotContain("evt-production");
        assertThat(browser.get(v1 + "/evt-production").status()).isEqualTo(404);
        assertThat(browser.get(v1 + "/evt-qa").status()).isEqualTo(200);
        // The owner's session reads every workspace; the organization's key too.
        var owner = new ConsoleSession(server);
        owner.signInAs("ada@acme.test", ada.password());
        assertThat(owner.get(v1 + "?workspace=production").raw().body()).contains("evt-production");
        assertThat(server.get(v1 + "/evt-production", server.acmeKey()).status())
                .isEqualTo(200);
    }
}
