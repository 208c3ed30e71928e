package dev.attest.server;

import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.Checkpointer;
import dev.attest.core.log.LogProofs;
import dev.attest.core.member.Permission;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.StoredCheckpoint;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Tamper evidence over HTTP: signed checkpoints, inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4), and the
 * export of a log as JSON Lines with the checkpoint that covers it. Hashes are lowercase hex in JSON; the checkpoint
 * note carries its root in base64, as C2SP tlog-checkpoint says.
 */
final class IntegrityRoutes implements HttpService {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] LEAF_HASH_MEMBER = ",\"leaf_hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final ApiKeyAuthenticator authenticator;
    private final EventStore events;
    private final CheckpointStore checkpoints;
    private final Checkpointer checkpointer;
    private final LogProofs proofs;
    private final Callers readers;
    private final WorkspaceAdministration workspaces;

    IntegrityRoutes(
            ApiKeyAuthenticator authenticator,
            EventStore events,
            CheckpointStore checkpoints,
            Checkpointer checkpointer,
            Callers readers,
            WorkspaceAdministration workspaces) {
        this.authenticator = authenticator;
        this.readers = readers;
        this.workspaces = workspaces;
        this.events = events;
        this.checkpoints = checkpoints;
        this.checkpointer = checkpointer;
        this.proofs = new LogProofs(events);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/checkpoint", this::checkpoint)
                .post("/{org}/checkpoint", this::signNow)
                .get("/{org}/proofs/inclusion", this::inclusion)
                .get("/{org}/proofs/consistency", this::consistency)
                .get("/{org}/export", this::export);
    }

    /**
     * Every route here reads the log; signing a checkpoint now adds nothing to it but a signature of its head. A read
     * may come with a key or a console session (a super-user reads a deleted organization's log this way; ADR 0010).
     */
    private OrganizationId authorize(ServerRequest request) {
        return authorize(request, Permission.LOG_READ);
    }

    private OrganizationId authorize(ServerRequest request, Permission needed) {
        Principal principal =
                readers.resolve(request, request.path().pathParameters().get("org"));
        principal.require(needed);
        return principal.organization();
    }

    /** Signing is a machine's request (a key or app token), as before. */
    private OrganizationId authorizeMachine(ServerRequest request) {
        return authenticator.authorize(request, request.path().pathParameters().get("org"), Permission.LOG_READ);
    }

    private void checkpoint(ServerRequest request, ServerResponse response) {
        OrganizationId org = authorize(request);
        Optional<Long> size = longParameter(request, "size");
        StoredCheckpoint checkpoint = size.isPresent()
                ? checkpoints
                        .find(org, size.get())
                        .orElseThrow(() -> Problem.notFound("no checkpoint of size " + size.get() + " for " + org))
                : checkpoints.latest(org).orElseGet(() -> checkpointer.checkpoint(org));
        send(request, response, checkpoint);
    }

    private void signNow(ServerRequest request, ServerResponse response) {
        send(request, response, checkpointer.checkpoint(authorizeMachine(request)));
    }

    private void send(ServerRequest request, ServerResponse response, StoredCheckpoint checkpoint) {
        boolean text = request.headers()
                .first(HeaderNames.ACCEPT)
                .map(a -> a.startsWith("text/plain"))
                .orElse(false);
        if (text) {
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.send(checkpoint.note().getBytes(StandardCharsets.UTF_8));
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("origin", checkpointer.origin(checkpoint.organization()));
        body.put("size", checkpoint.size());
        body.put("root_hash", HEX.formatHex(checkpoint.root()));
        body.put("note", checkpoint.note());
        body.put("created_at", EventDocument.timestamp(checkpoint.createdAt()));
        body.put("verifier_key", checkpointer.verifierKey());
        EventRoutes.sendJson(response, body);
    }

    private void inclusion(ServerRequest request, ServerResponse response) {
        OrganizationId org = authorize(request);
        long treeSize = treeSize(request, org, "tree_size");
        Optional<String> id = request.query().first("id").asOptional();
        Optional<Long> seqParameter = longParameter(request, "seq");
        long seq;
        if (id.isPresent() == seqParameter.isPresent()) {
            throw Problem.badParameter("seq", "or id must be given, one of them");
        } else if (id.isPresent()) {
            if (!EventId.FORM.matcher(id.get()).matches()) {
                throw Problem.notFound("event " + id.get() + " not found in " + org);
            }
            seq = events.find(org, new EventId(id.get()))
                    .map(Event::seq)
                    .orElseThrow(() -> Problem.notFound("event " + id.get() + " not found in " + org));
        } else {
            seq = seqParameter.get();
        }
        if (seq < 1 || seq > treeSize) {
            throw Problem.badParameter("seq", "must be between 1 and the tree size " + treeSize + ", not " + seq);
        }
        LogProofs.Inclusion proof = proofs.inclusion(org, seq, treeSize);
        var body = new LinkedHashMap<String, Object>();
        body.put("seq", seq);
        body.put("leaf_index", seq - 1);
        body.put("tree_size", treeSize);
        body.put("leaf_hash", HEX.formatHex(proof.leafHash()));
        body.put("root_hash", HEX.formatHex(proof.rootHash()));
        body.put("hashes", proof.hashes().stream().map(HEX::formatHex).toList());
        EventRoutes.sendJson(response, body);
    }

    private void consistency(ServerRequest request, ServerResponse response) {
        OrganizationId org = authorize(request);
        long to = treeSize(request, org, "to");
        long from = longParameter(request, "from")
                .orElseThrow(() -> Problem.badParameter("from", "is required: the size of the earlier tree"));
        if (from < 1 || from > to) {
            throw Problem.badParameter("from", "must be between 1 and " + to + ", not " + from);
        }
        LogProofs.Consistency proof = proofs.consistency(org, from, to);
        var body = new LinkedHashMap<String, Object>();
        body.put("from", from);
        body.put("to", to);
        body.put("from_root", HEX.formatHex(proof.fromRoot()));
        body.put("to_root", HEX.formatHex(proof.toRoot()));
        body.put("hashes", proof.hashes().stream().map(HEX::formatHex).toList());
        EventRoutes.sendJson(response, body);
    }

    private void export(ServerRequest request, ServerResponse response) {
        Principal principal =
                readers.resolve(request, request.path().pathParameters().get("org"));
        principal.require(Permission.LOG_EXPORT);
        if (workspaces.visibleTo(principal).isPresent()) {
            // The whole log is what verification needs; a reader of some workspaces only exports from the console.
            throw new Problem(
                    403,
                    "forbidden",
                    "Forbidden",
                    "the whole log holds workspaces you cannot read; export the events you can read from the console");
        }
        OrganizationId org = principal.organization();
        Optional<Long> to = longParameter(request, "to");
        StoredCheckpoint checkpoint = to.isPresent()
                ? checkpoints
                        .find(org, to.get())
                        .orElseThrow(() -> Problem.badParameter("to", "must be the size of a signed checkpoint"))
                : checkpointer.checkpoint(org);
        response.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        response.header(HeaderNames.create("Attest-Checkpoint-Size"), Long.toString(checkpoint.size()));
        response.header(
                HeaderNames.create("Attest-Checkpoint"),
                Base64.getEncoder().encodeToString(checkpoint.note().getBytes(StandardCharsets.UTF_8)));
        try (OutputStream out = new BufferedOutputStream(response.outputStream(), 1 << 16)) {
            events.scanLeaves(org, 1, checkpoint.size(), (seq, canonical, leafHash) -> {
                try {
                    writeLine(out, canonical, leafHash);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("export of " + org + " interrupted", e);
        }
    }

    /**
     * One line of the export: the event's stored canonical bytes as they are, with {@code leaf_hash} added as their
     * last member. Nothing is parsed or written anew, so the line holds exactly what was hashed (and a damaged row is
     * handed on as it is, for the verifier to find); bytes that are not an object are written without the hash.
     */
    static void writeLine(OutputStream out, byte[] canonical, byte[] leafHash) throws IOException {
        int last = canonical.length - 1;
        if (last > 1 && canonical[0] == '{' && canonical[last] == '}') {
            out.write(canonical, 0, last);
            out.write(LEAF_HASH_MEMBER);
            out.write(HEX.formatHex(leafHash).getBytes(StandardCharsets.US_ASCII));
            out.write(LINE_END);
        } else {
            out.write(canonical);
            out.write('\n');
        }
    }

    /** The tree size a proof is asked against: the parameter, else the latest checkpoint's size. */
    private long treeSize(ServerRequest request, OrganizationId org, String parameter) {
        long size = longParameter(request, parameter)
                .orElseGet(() -> checkpoints
                        .latest(org)
                        .orElseGet(() -> checkpointer.checkpoint(org))
                        .size());
        long logSize = events.size(org);
        if (size < 1 || size > logSize) {
            throw Problem.badParameter(parameter, "must be between 1 and the log size " + logSize + ", not " + size);
        }
        return size;
    }

    private static Optional<Long> longParameter(ServerRequest request, String name) {
        Optional<String> text = request.query().first(name).asOptional();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            throw Problem.badParameter(name, "must be a whole number, not " + text.get());
        }
    }
}
