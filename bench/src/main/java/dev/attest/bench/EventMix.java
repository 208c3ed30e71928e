package dev.attest.bench;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A realistic, reproducible stream of one SaaS organization's events: the 35 built-in actions and a handful of custom
 * ones with skewed weights (sign-ins and document views dominate, deleting the organization almost never happens),
 * 5,000 members whose activity follows Zipf's law, API keys, OAuth apps, the system, support staff, a few hundred
 * resources, 25 workspaces, about 3% failures. Events are built as {@link NewEvent}s directly; {@link Bench} checks a
 * sample through the real parser. Not thread-safe: one per thread.
 */
final class EventMix {
    static final int MEMBERS = 5_000;
    private static final int TARGET_MEMBERS = 400;
    private static final int DOCUMENTS = 300;
    private static final int GROUPS = 40;
    private static final int APPS = 20;
    private static final int API_KEYS = 30;
    private static final int INVITATIONS = 200;
    private static final int PROJECTS = 60;

    private static final String[] FIRST = {
        "Ada",
        "Grace",
        "Alan",
        "Katherine",
        "Margaret",
        "Linus",
        "Barbara",
        "Dennis",
        "Frances",
        "Ken",
        "Radia",
        "Tim",
        "Hedy",
        "John",
        "Sophie",
        "Edsger",
        "Donald",
        "Leslie",
        "Shafi",
        "Niklaus",
        "Jean",
        "Whitfield",
        "Anita",
        "Guido",
        "Bjarne",
        "James",
        "Lynn",
        "Karen",
        "Mary",
        "Adele",
        "Evelyn",
        "Joan",
        "Susan",
        "Robert",
        "Ivan",
        "Vint",
        "Bob",
        "Elizabeth",
        "Carol",
        "Rasmus"
    };
    private static final String[] LAST = {
        "Lovelace",
        "Hopper",
        "Turing",
        "Johnson",
        "Hamilton",
        "Torvalds",
        "Liskov",
        "Ritchie",
        "Allen",
        "Thompson",
        "Perlman",
        "Berners",
        "Lamarr",
        "McCarthy",
        "Wilson",
        "Dijkstra",
        "Knuth",
        "Lamport",
        "Goldwasser",
        "Wirth",
        "Sammet",
        "Diffie",
        "Borg",
        "Rossum",
        "Stroustrup",
        "Gosling",
        "Conway",
        "Jones",
        "Keller",
        "Goldberg",
        "Boyd",
        "Clarke",
        "Kare",
        "Tarjan",
        "Sutherland",
        "Cerf",
        "Kahn",
        "Feinler",
        "Shaw",
        "Lerdorf",
        "Backus",
        "Naur",
        "Hoare",
        "Milner",
        "Floyd",
        "Kay",
        "Engelbart",
        "Hellman",
        "Rivest",
        "Shamir"
    };
    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Edg/131.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari"
    };
    static final List<String> WORKSPACES = workspaces();
    static final List<String> CUSTOM_TARGET_TYPES = List.of("document", "project", "invoice", "integration");

    /** How an action picks its actor. */
    private enum ActorKind {
        MEMBER,
        LOGIN_FAILURE,
        SUPPORT,
        MACHINE,
        VIEWER,
        ANY
    }

    private record Kind(String action, double weight, ActorKind actor) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("auth.login.success", 20, ActorKind.MEMBER),
            new Kind("document.view", 18, ActorKind.ANY),
            new Kind("auth.logout", 8, ActorKind.MEMBER),
            new Kind("document.update", 8, ActorKind.ANY),
            new Kind("comment.create", 6, ActorKind.MEMBER),
            new Kind("document.download", 5, ActorKind.ANY),
            new Kind("document.create", 4, ActorKind.ANY),
            new Kind("integration.sync", 4, ActorKind.MACHINE),
            new Kind("project.update", 3, ActorKind.MEMBER),
            new Kind("report.export", 2, ActorKind.MEMBER),
            new Kind("auth.login.failure", 1.5, ActorKind.LOGIN_FAILURE),
            new Kind("user.invite", 1, ActorKind.MEMBER),
            new Kind("group.membersChange", 0.8, ActorKind.MEMBER),
            new Kind("user.roleChange", 0.5, ActorKind.MEMBER),
            new Kind("auth.password.resetRequest", 0.4, ActorKind.MEMBER),
            new Kind("user.accessChange", 0.4, ActorKind.MEMBER),
            new Kind("billing.invoice.pay", 0.3, ActorKind.MEMBER),
            new Kind("user.invite.resend", 0.3, ActorKind.MEMBER),
            new Kind("auth.password.resetComplete", 0.3, ActorKind.MEMBER),
            new Kind("auth.password.selfChange", 0.3, ActorKind.MEMBER),
            new Kind("user.invite.revoke", 0.2, ActorKind.MEMBER),
            new Kind("user.disable", 0.2, ActorKind.MEMBER),
            new Kind("group.create", 0.2, ActorKind.MEMBER),
            new Kind("group.accessChange", 0.2, ActorKind.MEMBER),
            new Kind("auth.mfa.enable", 0.2, ActorKind.MEMBER),
            new Kind("group.rename", 0.1, ActorKind.MEMBER),
            new Kind("auth.session.deleteAll", 0.1, ActorKind.MEMBER),
            new Kind("group.delete", 0.05, ActorKind.MEMBER),
            new Kind("auth.password.adminChange", 0.05, ActorKind.MEMBER),
            new Kind("auth.mfa.disable", 0.05, ActorKind.MEMBER),
            new Kind("auth.sso.deprovision", 0.05, ActorKind.MACHINE),
            new Kind("developer.app.create", 0.05, ActorKind.MEMBER),
            new Kind("auth.impersonate", 0.02, ActorKind.SUPPORT),
            new Kind("api.key.enable", 0.02, ActorKind.MEMBER),
            new Kind("api.key.regenerate", 0.02, ActorKind.MEMBER),
            new Kind("developer.app.delete", 0.02, ActorKind.MEMBER),
            new Kind("developer.app.resetSecret", 0.02, ActorKind.MEMBER),
            new Kind("org.requireMfa", 0.01, ActorKind.MEMBER),
            new Kind("org.changeName", 0.005, ActorKind.MEMBER),
            new Kind("log.view", 0.5, ActorKind.VIEWER),
            new Kind("log.export", 0.1, ActorKind.ANY),
            new Kind("org.viewerOriginsChange", 0.005, ActorKind.MEMBER),
            new Kind("org.delete", 0.001, ActorKind.MEMBER),
            new Kind("api.key.revoke", 0.001, ActorKind.MEMBER));

    private static final Skew ACTIONS =
            Skew.of(KINDS.stream().mapToDouble(Kind::weight).toArray());

    static {
        for (ActionSpec spec : Catalog.standard().actions()) {
            if (!holds(spec.action())) {
                throw new IllegalStateException("the mix lacks the built-in action " + spec.action());
            }
        }
    }

    /** Whether the mix makes events of {@code action}. */
    static boolean holds(String action) {
        return KINDS.stream().anyMatch(k -> k.action().equals(action));
    }

    private final SplittableRandom random;
    private final String domain;
    private final String organizationName;
    private final Skew members = Skew.zipf(MEMBERS, 1.0);
    private final Skew targetMembers = Skew.zipf(TARGET_MEMBERS, 0.8);
    private final Skew documents = Skew.zipf(DOCUMENTS, 1.1);
    private final Skew workspaces = Skew.zipf(WORKSPACES.size(), 1.2);
    private final Skew small = Skew.zipf(APPS, 0.7);

    EventMix(long seed, String domain, String organizationName) {
        this.random = new SplittableRandom(seed);
        this.domain = domain;
        this.organizationName = organizationName;
    }

    /** Every action the mix produces, most frequent first. */
    static List<String> actions() {
        return KINDS.stream().map(Kind::action).toList();
    }

    static String memberId(int index) {
        return "usr_" + pad(index, 5);
    }

    String memberEmail(int index) {
        return localPart(index) + "@" + domain;
    }

    /** A member's email local part, e.g. {@code ada.lovelace42}: unique to the member, so a rare search term. */
    static String localPart(int index) {
        return (first(index) + "." + last(index) + index).toLowerCase(Locale.ROOT);
    }

    static String documentId(int index) {
        return "doc_" + pad(index, 4);
    }

    /** The next event, with the given id and time. */
    NewEvent next(EventId id, Instant occurredAt) {
        Kind kind = KINDS.get(ACTIONS.next(random));
        int member = members.next(random);
        Actor actor = actor(kind.actor(), member);
        String action = kind.action();
        Target target = target(action, actor);
        Map<String, @Nullable Object> payload = payload(action, member, target);
        Outcome outcome =
                action.equals("auth.login.failure") || random.nextInt(1000) < 15 ? Outcome.FAILURE : Outcome.SUCCESS;
        return new NewEvent(
                id,
                action,
                // Events carry microsecond precision, as they are stored.
                dev.attest.core.event.EventParser.truncateToMicros(occurredAt),
                actor,
                target,
                outcome,
                WORKSPACES.get(workspaces.next(random)),
                context(actor, member),
                payload);
    }

    private Actor actor(ActorKind kind, int member) {
        return switch (kind) {
            case MEMBER -> memberActor(member);
            case LOGIN_FAILURE ->
                random.nextBoolean() ? memberActor(member) : new Actor(ActorType.UNKNOWN, null, null, null, null);
            case SUPPORT -> {
                int n = random.nextInt(5);
                yield new Actor(
                        ActorType.SUPER_USER,
                        "sup_" + n,
                        "Support " + LAST[n],
                        "support" + n + "@attest.test",
                        "support");
            }
            case MACHINE -> machine();
            // A vendor's customer, by the id the vendor gave, reading through a portal link or the embedded viewer.
            case VIEWER -> new Actor(ActorType.VIEWER, "customer_user_" + pad(small.next(random), 2), null, null, null);
            case ANY -> random.nextInt(10) == 0 ? machine() : memberActor(member);
        };
    }

    private Actor memberActor(int member) {
        String role = member < 5 ? "owner" : member < 50 ? "admin" : member % 17 == 0 ? "auditor" : "member";
        return new Actor(
                ActorType.MEMBER, memberId(member), first(member) + " " + last(member), memberEmail(member), role);
    }

    private Actor machine() {
        int pick = random.nextInt(20);
        if (pick < 12) {
            int key = small.next(random) % API_KEYS;
            return new Actor(ActorType.API_KEY, "key_" + pad(key, 2), "CI key " + key, null, null);
        }
        if (pick < 17) {
            int app = small.next(random);
            return new Actor(ActorType.APP, "app_" + pad(app, 2), "Integration " + LAST[app], null, null);
        }
        return new Actor(ActorType.SYSTEM, null, "scheduler", null, null);
    }

    private @Nullable Target target(String action, Actor actor) {
        String type =
                Catalog.standard().find(action).map(ActionSpec::targetType).orElse("");
        if (type.equals("user")) {
            if (action.startsWith("auth.")
                    && !action.equals("auth.impersonate")
                    && !action.contains("adminChange")
                    && !action.equals("auth.sso.deprovision")) {
                return actor.type() == ActorType.MEMBER ? new Target("user", actor.id(), actor.name()) : null;
            }
            int other = targetMembers.next(random) * 7 % MEMBERS;
            return new Target("user", memberId(other), first(other) + " " + last(other));
        }
        return switch (type) {
            case "organization" -> new Target("organization", "organization", organizationName);
            case "app" -> new Target("app", "app_" + pad(small.next(random), 2), "App " + LAST[small.next(random)]);
            case "invitation" -> new Target("invitation", "inv_" + pad(random.nextInt(INVITATIONS), 3), null);
            case "group" -> {
                int group = random.nextInt(GROUPS);
                yield new Target("group", "grp_" + pad(group, 2), "Team " + LAST[group]);
            }
            default -> custom(action);
        };
    }

    private Target custom(String action) {
        String category = Catalog.categoryOf(action);
        return switch (category) {
            case "document", "comment" -> {
                int doc = documents.next(random);
                yield new Target("document", documentId(doc), "Document " + doc + " " + LAST[doc % LAST.length]);
            }
            case "project", "report" -> {
                int project = random.nextInt(PROJECTS);
                yield new Target("project", "prj_" + pad(project, 2), "Project " + FIRST[project % FIRST.length]);
            }
            case "billing" -> new Target("invoice", "inv_2025_" + pad(random.nextInt(120), 3), null);
            default -> new Target("integration", "int_" + pad(random.nextInt(12), 2), "Sync " + random.nextInt(12));
        };
    }

    private Map<String, @Nullable Object> payload(String action, int member, @Nullable Target target) {
        String email = memberEmail(member);
        String targetName = target == null || target.name() == null ? "unnamed" : target.name();
        return switch (action) {
            case "auth.login.success" ->
                Map.of("method", pick("password", "google", "microsoft", "sso"), "email", email);
            case "auth.login.failure" ->
                Map.of("email", email, "reason", pick("bad_password", "unknown_user", "mfa_failed", "locked"));
            case "auth.impersonate",
                    "auth.password.resetRequest",
                    "auth.password.resetComplete",
                    "auth.password.adminChange",
                    "user.disable",
                    "user.invite.resend",
                    "user.invite.revoke" -> Map.of("email", email);
            case "auth.mfa.enable", "auth.mfa.disable" -> Map.of("method", pick("totp", "webauthn", "sms"));
            case "auth.sso.deprovision" -> Map.of("email", email, "provider", pick("okta", "entra", "google"));
            case "auth.session.deleteAll" -> Map.of("count", (long) random.nextInt(1, 12));
            case "api.key.enable", "api.key.regenerate", "api.key.revoke" -> Map.of("key_prefix", "atk_" + hex(3));
            case "developer.app.create", "developer.app.delete" ->
                Map.of("name", targetName, "client_id", "cid_" + hex(6));
            case "developer.app.resetSecret" -> Map.of("client_id", "cid_" + hex(6));
            case "user.invite" ->
                Map.of("email", "new" + random.nextInt(100_000) + "@" + domain, "role", pick("member", "admin"));
            case "user.roleChange" -> Map.of("from", "member", "to", pick("admin", "auditor", "owner"));
            case "user.accessChange", "group.accessChange" ->
                Map.of(
                        "changes",
                        Map.of("projects", Map.of("added", List.of("prj_" + pad(random.nextInt(PROJECTS), 2)))));
            case "log.view" -> Map.of("portal_link", "pl_" + hex(8));
            case "log.export" -> Map.of("format", pick("csv", "jsonl"));
            case "org.viewerOriginsChange" ->
                Map.of("changes", Map.of("origins", Map.of("added", List.of("https://app." + domain))));
            case "org.requireMfa" -> Map.of("enabled", true, "from", false, "to", true);
            case "org.changeName" -> Map.of("from", organizationName, "to", organizationName + " Inc");
            case "org.delete", "group.create", "group.delete" -> Map.of("name", targetName);
            case "group.rename" -> Map.of("from", targetName, "to", targetName + " (old)");
            case "group.membersChange" ->
                Map.of("added", (long) random.nextInt(0, 5), "removed", (long) random.nextInt(0, 3));
            case "document.view", "document.download" -> Map.of("bytes", (long) random.nextInt(1_000, 5_000_000));
            case "document.update", "document.create" ->
                Map.of("version", (long) random.nextInt(1, 400), "title", targetName);
            case "comment.create" -> Map.of("length", (long) random.nextInt(1, 2_000));
            case "integration.sync" ->
                Map.of(
                        "records",
                        (long) random.nextInt(0, 10_000),
                        "provider",
                        pick("salesforce", "hubspot", "github"));
            case "billing.invoice.pay" ->
                Map.of("amount_cents", (long) random.nextInt(1_000, 2_000_000), "currency", "EUR");
            default -> Map.of();
        };
    }

    private RequestContext context(Actor actor, int member) {
        String requestId = "req_" + hex(8);
        return switch (actor.type()) {
            case MEMBER -> new RequestContext(memberIp(member), USER_AGENTS[member % USER_AGENTS.length], requestId);
            case SYSTEM -> new RequestContext(null, null, requestId);
            case UNKNOWN ->
                new RequestContext(
                        "203.0.113." + random.nextInt(1, 255),
                        USER_AGENTS[random.nextInt(USER_AGENTS.length)],
                        requestId);
            default -> new RequestContext("192.0.2." + (1 + random.nextInt(60)), "attest-sdk-java/1.4.2", requestId);
        };
    }

    private static String memberIp(int member) {
        return member % 10 == 0
                ? "2001:db8::" + Integer.toHexString(member + 1)
                : "10.0." + (member / 250) + "." + (member % 250 + 1);
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }

    private String hex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    private static String first(int member) {
        return FIRST[member % FIRST.length];
    }

    private static String last(int member) {
        return LAST[(member / FIRST.length) % LAST.length];
    }

    static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static List<String> workspaces() {
        var names = new ArrayList<>(List.of("default", "prod", "staging", "eu-west", "us-east", "apac"));
        for (int i = names.size(); i < 25; i++) {
            names.add("team-" + LAST[i].toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }
}
