package dev.attest.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.integrity.CanonicalJson;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.TreeBuilder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LogVerifierTest {
    private static final String ORG = "org_acme";

    /** Exported documents 1..n, each with the leaf hash of its own content. */
    private static List<Map<String, @Nullable Object>> log(int n) {
        var documents = new ArrayList<Map<String, @Nullable Object>>();
        for (int seq = 1; seq <= n; seq++) {
            var doc = new LinkedHashMap<String, @Nullable Object>();
            doc.put("id", "e" + seq);
            doc.put("organization_id", ORG);
            doc.put("seq", (long) seq);
            doc.put("action", "user.roleChange");
            doc.put("payload", Map.of("to", "admin"));
            doc.put("leaf_hash", HexFormat.of().formatHex(MerkleHash.leaf(CanonicalJson.canonicalize(doc))));
            documents.add(doc);
        }
        return documents;
    }

    private static Checkpoint checkpointOf(List<Map<String, @Nullable Object>> documents) {
        var tree = new TreeBuilder();
        documents.forEach(d -> tree.append(HexFormat.of().parseHex((String) d.get("leaf_hash"))));
        return new Checkpoint("attest.test/" + ORG, documents.size(), tree.root());
    }

    private static void feed(LogVerifier verifier, List<Map<String, @Nullable Object>> documents)
            throws LogVerificationException {
        for (var document : documents) {
            verifier.accept(document);
        }
    }

    @Test
    void finish_untouchedLog_verifiesEveryEvent() throws Exception {
        var documents = log(9);
        var verifier = new LogVerifier(checkpointOf(documents), ORG);
        verifier.rememberRootAt(4);

        feed(verifier, documents);

        assertThat(verifier.finish()).isEqualTo(9);
        assertThat(verifier.rememberedRoot())
                .isEqualTo(checkpointOf(documents.subList(0, 4)).rootHash());
    }

    @Test
    void accept_alteredContent_namesTheEvent() {
        var documents = log(5);
        Checkpoint checkpoint = checkpointOf(documents);
        documents.get(2).put("action", "user.roleChangf");

        assertThatThrownBy(() -> feed(new LogVerifier(checkpoint, ORG), documents))
                .isInstanceOf(LogVerificationException.class)
                .hasMessageStartingWith("event seq 3 (id e3) was altered");
    }

    @Test
    void accept_missingEvent_namesTheGap() {
        var documents = log(6);
        Checkpoint checkpoint = checkpointOf(documents);
        documents.remove(3);

        assertThatThrownBy(() -> feed(new LogVerifier(checkpoint, ORG), documents))
                .hasMessage("expected the event with seq 4, found seq 5: events 4 to 4 are missing");
    }

    @Test
    void accept_eventOfAnotherOrganization_isRejected() {
        var documents = log(2);
        Checkpoint checkpoint = checkpointOf(documents);
        documents.get(1).put("organization_id", "org_other");

        assertThatThrownBy(() -> feed(new LogVerifier(checkpoint, ORG), documents))
                .hasMessageContaining("belongs to org_other");
    }

    @Test
    void finish_truncatedExport_namesTheMissingTail() throws Exception {
        var documents = log(6);
        var verifier = new LogVerifier(checkpointOf(documents), ORG);
        feed(verifier, documents.subList(0, 4));

        assertThatThrownBy(verifier::finish).hasMessageContaining("events 5 to 6 are missing");
    }

    @Test
    void finish_consistentHashesButOtherTree_failsOnTheRoot() throws Exception {
        var documents = log(4);
        var forged = log(4);
        forged.get(0).put("payload", Map.of("to", "owner"));
        forged.get(0).remove("leaf_hash");
        var verifier = new LogVerifier(checkpointOf(documents), ORG);
        feed(verifier, forged);

        assertThatThrownBy(verifier::finish).hasMessageContaining("but the signed checkpoint states");
    }

    @Test
    void accept_moreEventsThanTheCheckpoint_isRejected() {
        var documents = log(3);
        Checkpoint checkpoint = checkpointOf(documents.subList(0, 2));

        assertThatThrownBy(() -> feed(new LogVerifier(checkpoint, ORG), documents))
                .hasMessageContaining("more events than the checkpoint's 2");
    }
}
