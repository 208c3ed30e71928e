package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's portal links and viewer tokens against a real server: the three lines of a vendor's backend. */
class ViewerAccessIT {
    @TempDir
    Path data;

    LiveServer server;

    @BeforeEach
    void start() {
        server = new LiveServer(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void portalLink_and_viewerToken_areIssuedAndWork() throws Exception {
        try (AttestClient attest = server.client().build()) {
            ViewerRequest request = ViewerRequest.builder()
                    .viewer("cust_42", "olive@customer.test", "Olive Ops")
                    .workspaces(List.of("production"))
                    .exportAllowed(true)
                    .expiresIn(Duration.ofMinutes(10))
                    .build();

            PortalLink link = attest.portalLink(request);
            ViewerToken token = attest.viewerToken(request);

            assertThat(link.id()).startsWith("plk_");
            assertThat(link.link().toString()).startsWith(server.uri() + "/portal/");
            assertThat(link.toString()).doesNotContain(link.link().getPath());
            assertThat(token.token()).startsWith("avt_");
            assertThat(token.toString()).doesNotContain(token.token());
            HttpResponse<String> read = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            server.uri() + "/v1/organizations/" + server.org + "/viewer/events"))
                                    .header("Authorization", "Bearer " + token.token())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void viewerToken_brokenRestriction_isRefusedNamingWhy() throws Exception {
        try (AttestClient attest = server.client().build()) {
            ViewerRequest both = ViewerRequest.builder()
                    .actions(List.of("user.roleChange"))
                    .categories(List.of("user"))
                    .build();

            assertThatThrownBy(() -> attest.viewerToken(both))
                    .isInstanceOfSatisfying(
                            ViewerAccessException.class,
                            e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("actions or categories");
        }
    }
}
