package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.log.LogVerifier;
import dev.attest.integrity.CanonicalJson;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.ConsistencyProofVerifier;
import dev.attest.integrity.InclusionProofVerifier;
import dev.attest.integrity.NoteVerifier;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** Checkpoints, proofs and the export, checked from the outside with nothing but the verifier key. */
class IntegrityIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final TypeReference<Map<String, @Nullable Object>> DOCUMENT = new TypeReference<>() {};

    @TempDir
    Path data;

    TestServer server;
    NoteVerifier verifier;

    @BeforeEach
    void start() {
        server = new TestServer(
                dev.attest.storage.sqlite.SqliteStorage.open(data, 2),
                b -> b.checkpointInterval(Duration.ofMillis(100)));
        verifier = NoteVerifier.fromVerifierKey(server.server.checkpointer().verifierKey());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String base() {
        return "/v1/organizations/" + server.acmeId().value();
    }

    private void ingest(int from, int count) {
        var batch = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            batch.append(i == from ? "" : ",").append(Documents.roleChange("e" + i));
        }
        assertThat(server.postAcme(batch.append("]").toString()).status()).isEqualTo(201);
    }

    private Checkpoint signedCheckpoint() throws Exception {
        JsonNode reply = server.send(HttpRequest.newBuilder(server.uri(base() + "/checkpoint"))
                        .header("Authorization", "Bearer " + server.acmeKey())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build())
                .json();
        return Checkpoint.parse(verifier.verify(reply.get("note").asString()));
    }

    @Test
    void checkpoint_isSignedWithTheInstallationKeyAndNamesTheOrganization() throws Exception {
        ingest(0, 5);

        Checkpoint checkpoint = signedCheckpoint();

        assertThat(checkpoint.origin())
                .isEqualTo("attest.local/" + server.acmeId().value());
        assertThat(checkpoint.size()).isEqualTo(5);
        assertThat(server.get(base() + "/events/e1", server.acmeKey())
                        .json()
                        .get("leaf_hash")
                        .asString())
                .hasSize(64);
    }

    @Test
    void checkpoint_followsGrowthWithinAboutASecond() throws Exception {
        ingest(0, 3);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long size = 0;
        while (size != 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            JsonNode latest =
                    server.get(base() + "/checkpoint", server.acmeKey()).json();
            size = latest.get("size").asLong();
        }
        assertThat(size).isEqualTo(3);
    }

    @Test
    void inclusionProofs_ofEveryEvent_verifyAgainstTheCheckpoint() throws Exception {
        ingest(0, 300);
        Checkpoint checkpoint = signedCheckpoint();

        for (int seq = 1; seq <= 300; seq += 7) {
            JsonNode proof = server.get(base() + "/proofs/inclusion?seq=" + seq + "&tree_size=300", server.acmeKey())
                    .json();
            InclusionProofVerifier.verify(
                    seq - 1,
                    300,
                    HEX.parseHex(proof.get("leaf_hash").asString()),
                    hashes(proof),
                    checkpoint.rootHash());
        }
        JsonNode byId = server.get(base() + "/proofs/inclusion?id=e41", server.acmeKey())
                .json();
        assertThat(byId.get("seq").asLong()).isEqualTo(42);
    }

    @Test
    void consistencyProof_betweenTwoCheckpoints_verifies() throws Exception {
        ingest(0, 10);
        Checkpoint older = signedCheckpoint();
        ingest(10, 290);
        Checkpoint newer = signedCheckpoint();

        JsonNode proof = server.get(base() + "/proofs/consistency?from=10&to=300", server.acmeKey())
                .json();

        ConsistencyProofVerifier.verify(10, 300, older.rootHash(), newer.rootHash(), hashes(proof));
    }

    @Test
    void export_withItsCheckpoint_verifiesOffline() throws Exception {
        ingest(0, 120);

        var response = server.http.send(
                HttpRequest.newBuilder(server.uri(base() + "/export"))
                        .header("Authorization", "Bearer " + server.acmeKey())
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        String note = new String(
                Base64.getDecoder()
                        .decode(response.headers()
                                .firstValue("Attest-Checkpoint")
                                .orElseThrow()),
                StandardCharsets.UTF_8);
        var logVerifier = new LogVerifier(
                Checkpoint.parse(verifier.verify(note)), server.acmeId().value());
        for (String line : response.body().toList()) {
            Map<String, @Nullable Object> document = Json.MAPPER.readValue(line, DOCUMENT);
            logVerifier.accept(document);
            // The line is the stored canonical bytes as they are, the leaf hash their last member.
            var hashed = new LinkedHashMap<>(document);
            Object leafHash = hashed.remove("leaf_hash");
            String canonical = new String(CanonicalJson.canonicalize(hashed), StandardCharsets.UTF_8);
            assertThat(line)
                    .isEqualTo(canonical.substring(0, canonical.length() - 1) + ",\"leaf_hash\":\"" + leafHash + "\"}");
        }

        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        assertThat(logVerifier.finish()).isEqualTo(120);
    }

    @Test
    void proofs_badParameters_400NamingThem() {
        ingest(0, 3);

        assertThat(server.get(base() + "/proofs/inclusion?seq=9&tree_size=3", server.acmeKey())
                        .json()
                        .get("errors")
                        .get(0)
                        .get("parameter")
                        .asString())
                .isEqualTo("seq");
        assertThat(server.get(base() + "/proofs/inclusion?tree_size=99", server.acmeKey())
                        .status())
                .isEqualTo(400);
        assertThat(server.get(base() + "/proofs/consistency?from=0&to=3", server.acmeKey())
                        .status())
                .isEqualTo(400);
        assertThat(server.get(base() + "/proofs/consistency?to=3", server.acmeKey())
                        .status())
                .isEqualTo(400);
        assertThat(server.get(base() + "/checkpoint?size=77", server.acmeKey()).status())
                .isEqualTo(404);
    }

    @Test
    void integrityRoutes_otherOrganizationsKey_404() {
        String globexKey = server.globex.apiKey().secret();
        for (String path : List.of("/checkpoint", "/proofs/inclusion?seq=1", "/proofs/consistency?from=1", "/export")) {
            assertThat(server.get(base() + path, globexKey).status()).as(path).isEqualTo(404);
        }
    }

    private static List<byte[]> hashes(JsonNode proof) {
        return proof.get("hashes")
                .valueStream()
                .map(h -> HEX.parseHex(h.asString()))
                .toList();
    }
}
