package dev.attest.cli;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A realistic, reproducible history of a small company's organization: weeks of sign-ins (some failing), sign-outs,
 * invitations, role and access changes, groups, API keys and OAuth apps, by several members, an API key and the
 * system — with what {@link DemoOrganization} recorded through the real services, every built-in action at least
 * once. Produces request documents, which go through the same validation as a producer's; they name the members,
 * groups and key that {@link DemoOrganization} created.
 */
final class DemoHistory {
    record Member(String id, String name, String email, String role, String ip, String userAgent) {}

    static final List<Member> MEMBERS = List.of(
            new Member("usr_ada", "Ada Lovelace", "ada@acme.test", "owner", "203.0.113.7", UA.MAC_CHROME),
            new Member("usr_grace", "Grace Hopper", "grace@acme.test", "admin", "198.51.100.23", UA.WIN_EDGE),
            new Member("usr_alan", "Alan Turing", "alan@acme.test", "member", "2001:db8::1f", UA.LINUX_FIREFOX),
            new Member(
                    "usr_katherine",
                    "Katherine Johnson",
                    "katherine@acme.test",
                    "auditor",
                    "203.0.113.44",
                    UA.MAC_SAFARI),
            new Member(
                    "usr_margaret", "Margaret Hamilton", "margaret@acme.test", "admin", "198.51.100.80", UA.MAC_CHROME),
            new Member("usr_linus", "Linus Torvalds", "linus@acme.test", "member", "2001:db8:4::7", UA.LINUX_FIREFOX));

    /** User agents of the demo's browsers. */
    private static final class UA {
        static final String MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        static final String WIN_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0";
        static final String LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        static final String MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/18.1 Safari/605.1.15";
    }

    private static final String[] WORKSPACES = {"production", "staging", "default"};

    private final Random random;
    private final Instant now;
    private final String organizationId;
    private final Map<String, String> ids;
    private final List<Member> members;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private int sequence;

    /**
     * @param ids the real id of each name of the demo ({@code usr_ada}, {@code grp_0}, {@code key_sync}) that
     *     {@link DemoOrganization} created; a name without one stays as it is
     */
    DemoHistory(long seed, Instant now, String organizationId, Map<String, String> ids) {
        this.random = new Random(seed);
        this.now = now.truncatedTo(ChronoUnit.MILLIS);
        this.organizationId = organizationId;
        this.ids = Map.copyOf(ids);
        this.members = MEMBERS.stream()
                .map(m -> new Member(id(m.id()), m.name(), m.email(), m.role(), m.ip(), m.userAgent()))
                .toList();
    }

    /** The first day of a history of {@code days} days ending at {@code now}: midnight UTC. */
    static Instant start(Instant now, int days) {
        return now.truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * Request documents, oldest first, over {@code days} days ending now.
     *
     * @param recordedAlready the actions the organization's log holds already, which this history may then lack
     * @throws IllegalStateException if a catalog action is neither in this history nor recorded already
     */
    List<Map<String, Object>> generate(int days, Set<String> recordedAlready) {
        Instant start = start(now, days);
        // The organization was set up the day before, through the real services (DemoOrganization); the team's
        // first morning begins with its owner signing in.
        login(members.getFirst(), start.plus(Duration.ofHours(9)));

        for (Instant day = start; day.isBefore(now); day = day.plus(Duration.ofDays(1))) {
            day(day);
        }
        rareEvents(start, days);
        events.removeIf(e -> Instant.parse((String) e.get("occurred_at")).isAfter(now));
        events.sort(Comparator.comparing(e -> (String) e.get("occurred_at")));
        assertEveryActionPresent(recordedAlready);
        return events;
    }

    private void day(Instant day) {
        DayOfWeek weekday = day.atZone(ZoneOffset.UTC).getDayOfWeek();
        boolean weekend = weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY;
        for (Member member : members) {
            if (weekend && random.nextInt(5) != 0) {
                continue;
            }
            Instant in = day.plus(Duration.ofMinutes(7 * 60 + random.nextInt(180)));
            if (random.nextInt(9) == 0) {
                failedLogin(member.email(), member, in.minusSeconds(40), "invalid_password");
            }
            login(member, in);
            Instant out = in.plus(Duration.ofMinutes(240 + random.nextInt(300)));
            int actions = random.nextInt(3);
            for (int a = 0; a < actions; a++) {
                dailyAction(member, in.plus(Duration.ofMinutes(10 + random.nextInt(200))));
            }
            add(out, member, "auth.logout", userTarget(member), Map.of());
        }
        if (random.nextInt(3) == 0) {
            // Someone guessing at addresses that do not exist.
            String email = "admin" + random.nextInt(100) + "@acme.test";
            failedLogin(email, null, day.plus(Duration.ofMinutes(random.nextInt(1440))), "unknown_email");
        }
        // The nightly sync runs with the organization's API key.
        Map<String, Object> sync = base(day.plus(Duration.ofHours(2)), "group.membersChange");
        sync.put("actor", actor("api_key", id("key_sync"), "Directory sync", null, null));
        int group = random.nextInt(DemoOrganization.GROUPS.size());
        sync.put("target", target("group", id("grp_" + group), DemoOrganization.GROUPS.get(group)));
        sync.put("payload", Map.of("added", random.nextInt(3), "removed", random.nextInt(2)));
        events.add(sync);
    }

    private void dailyAction(Member member, Instant at) {
        boolean admin = member.role().equals("owner") || member.role().equals("admin");
        Member other = members.get(random.nextInt(members.size()));
        switch (admin ? random.nextInt(6) : random.nextInt(2)) {
            case 0 -> {
                String workspace = WORKSPACES[random.nextInt(WORKSPACES.length)];
                add(
                        at,
                        member,
                        "user.accessChange",
                        userTarget(other),
                        Map.of(
                                "changes",
                                Map.of("workspaces", Map.of("added", List.of(workspace), "removed", List.of()))));
            }
            case 1 -> {
                int group = random.nextInt(DemoOrganization.GROUPS.size());
                add(
                        at,
                        member,
                        "group.membersChange",
                        target("group", id("grp_" + group), DemoOrganization.GROUPS.get(group)),
                        Map.of("added", 1, "removed", 0));
            }
            case 2 -> {
                Map<String, Object> change = base(at, "user.roleChange");
                change.put("actor", memberActor(member));
                change.put("target", userTarget(other));
                change.put("context", context(member));
                boolean denied = member.role().equals("admin") && other.role().equals("owner");
                change.put("payload", Map.of("from", other.role(), "to", "admin"));
                // An admin may not change the owner's role: recorded as a failed attempt.
                change.put("outcome", denied ? "failure" : "success");
                events.add(change);
            }
            case 3 ->
                add(
                        at,
                        member,
                        "group.accessChange",
                        target("group", id("grp_1"), "Security"),
                        Map.of(
                                "changes",
                                Map.of(
                                        "workspaces",
                                        Map.of("added", List.of("production"), "removed", List.of("staging")))));
            case 4 ->
                add(
                        at,
                        member,
                        "user.invite.resend",
                        target("invitation", "inv_" + random.nextInt(9), "new.hire@acme.test"),
                        Map.of("email", "new.hire@acme.test"));
            default -> add(at, member, "auth.password.adminChange", userTarget(other), Map.of("email", other.email()));
        }
    }

    /** The actions that happen a few times in a quarter, spread over the history. */
    private void rareEvents(Instant start, int days) {
        Member ada = members.get(0);
        Member grace = members.get(1);
        Member alan = members.get(2);
        Member linus = members.get(5);
        Instant at = start.plus(Duration.ofDays(1)).plus(Duration.ofHours(11));
        Duration step = Duration.ofMinutes((long) days * 24 * 60 / 30);
        add(at, alan, "auth.mfa.enable", userTarget(alan), Map.of("method", "totp"));
        at = at.plus(step);
        add(
                at,
                grace,
                "developer.app.create",
                target("app", "app_ci", "CI deployer"),
                Map.of("name", "CI deployer", "client_id", "client_7H2k"));
        at = at.plus(step);
        add(
                at,
                grace,
                "developer.app.resetSecret",
                target("app", "app_ci", "CI deployer"),
                Map.of("client_id", "client_7H2k"));
        at = at.plus(step);
        add(at, linus, "auth.password.resetRequest", userTarget(linus), Map.of("email", linus.email()));
        add(
                at.plusSeconds(300),
                linus,
                "auth.password.resetComplete",
                userTarget(linus),
                Map.of("email", linus.email()));
        at = at.plus(step);
        add(at, alan, "auth.password.selfChange", userTarget(alan), Map.of());
        at = at.plus(step);
        add(
                at,
                ada,
                "org.changeName",
                target("organization", organizationId, "Acme Inc."),
                Map.of("from", "Acme", "to", "Acme Inc."));
        at = at.plus(step);
        add(
                at,
                grace,
                "group.rename",
                target("group", id("grp_3"), "Customer Support"),
                Map.of("from", "Support", "to", "Customer Support"));
        at = at.plus(step);
        add(
                at,
                grace,
                "user.invite",
                target("invitation", "inv_9", "contractor@example.test"),
                Map.of("email", "contractor@example.test", "role", "member"));
        add(
                at.plusSeconds(3600),
                grace,
                "user.invite.revoke",
                target("invitation", "inv_9", "contractor@example.test"),
                Map.of("email", "contractor@example.test"));
        at = at.plus(step);
        // A super-user from the vendor's support team looks at Alan's account.
        Map<String, Object> impersonate = base(at, "auth.impersonate");
        impersonate.put("actor", actor("super_user", "su_support", "Attest Support", "support@attest.test", null));
        impersonate.put("target", userTarget(alan));
        impersonate.put("context", Map.of("ip", "192.0.2.10", "user_agent", UA.MAC_CHROME));
        impersonate.put("payload", Map.of("email", alan.email()));
        events.add(impersonate);
        at = at.plus(step);
        add(
                at,
                ada,
                "api.key.regenerate",
                target("organization", organizationId, "Acme Inc."),
                Map.of("key_prefix", "atk_Q81mZe"));
        at = at.plus(step);
        add(
                at,
                ada,
                "api.key.revoke",
                target("organization", organizationId, "Acme Inc."),
                Map.of("key_prefix", "atk_7Hc2pW"));
        at = at.plus(step);
        add(at, alan, "auth.mfa.disable", userTarget(alan), Map.of("method", "totp"));
        at = at.plus(step);
        add(at, ada, "auth.session.deleteAll", userTarget(linus), Map.of("count", 3));
        at = at.plus(step);
        Map<String, Object> deprovision = base(at, "auth.sso.deprovision");
        deprovision.put("actor", actor("system", null, "Directory (SCIM)", null, null));
        deprovision.put("target", target("user", "usr_former", "Former Employee"));
        deprovision.put("payload", Map.of("email", "former@acme.test", "provider", "okta"));
        events.add(deprovision);
        at = at.plus(step);
        add(
                at,
                ada,
                "user.disable",
                target("user", "usr_former", "Former Employee"),
                Map.of("email", "former@acme.test"));
        at = at.plus(step);
        add(at, grace, "group.delete", target("group", id("grp_2"), "Finance"), Map.of("name", "Finance"));
        at = at.plus(step);
        add(
                at,
                grace,
                "developer.app.delete",
                target("app", "app_ci", "CI deployer"),
                Map.of("name", "CI deployer", "client_id", "client_7H2k"));
        at = at.plus(step);
        // The vendor embeds the log for its customer, whose admin then opens it through a portal link and exports.
        add(
                at,
                ada,
                "org.viewerOriginsChange",
                target("organization", organizationId, "Acme Inc."),
                Map.of(
                        "changes",
                        Map.of(
                                "viewer_origins",
                                Map.of("added", List.of("https://app.acme.test"), "removed", List.of()))));
        Map<String, Object> view = base(at.plusSeconds(600), "log.view");
        view.put("actor", actor("viewer", "cust_42", "Olive Ops", "olive@customer.test", null));
        view.put("target", target("organization", organizationId, "Acme Inc."));
        view.put("context", Map.of("ip", "198.51.100.23", "user_agent", UA.MAC_CHROME));
        view.put("payload", Map.of("portal_link", "plk_demo"));
        events.add(view);
        Map<String, Object> export = base(at.plusSeconds(900), "log.export");
        export.put("actor", actor("viewer", "cust_42", "Olive Ops", "olive@customer.test", null));
        export.put("target", target("organization", organizationId, "Acme Inc."));
        export.put("context", Map.of("ip", "198.51.100.23", "user_agent", UA.MAC_CHROME));
        export.put("payload", Map.of("format", "csv"));
        events.add(export);
        // The demo's last word: a sandbox organization is deleted (its log stays verifiable).
        add(
                now.minus(Duration.ofHours(2)),
                ada,
                "org.delete",
                target("organization", "org_sandbox", "Acme Sandbox"),
                Map.of("name", "Acme Sandbox"));
        // Events of the producer's own, custom actions: last month's invoice is paid.
        Instant paid = now.minus(Duration.ofHours(5));
        YearMonth billed = YearMonth.from(paid.atOffset(ZoneOffset.UTC)).minusMonths(1);
        Map<String, Object> invoice = base(paid, "billing.invoice.paid");
        invoice.put("actor", actor("system", null, "Billing", null, null));
        invoice.put(
                "target",
                target(
                        "invoice",
                        "inv_" + billed.format(DateTimeFormatter.ofPattern("uuuu_MM", Locale.ROOT)),
                        billed.format(DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH))));
        invoice.put("payload", Map.of("amount", 1240.5, "currency", "EUR"));
        events.add(invoice);
    }

    private void login(Member member, Instant at) {
        add(
                at,
                member,
                "auth.login.success",
                userTarget(member),
                Map.of("method", random.nextInt(4) == 0 ? "google" : "password", "email", member.email()));
    }

    private void failedLogin(String email, @Nullable Member known, Instant at, String reason) {
        Map<String, Object> event = base(at, "auth.login.failure");
        event.put("actor", known == null ? actor("unknown", null, null, null, null) : memberActor(known));
        if (known != null) {
            event.put("target", userTarget(known));
        }
        event.put("outcome", "failure");
        event.put(
                "context",
                Map.of(
                        "ip",
                        known == null ? "192.0.2." + (1 + random.nextInt(250)) : known.ip(),
                        "user_agent",
                        known == null ? "python-requests/2.32" : known.userAgent()));
        event.put("payload", Map.of("email", email, "reason", reason, "method", "password"));
        events.add(event);
    }

    private void add(
            Instant at, Member member, String action, Map<String, Object> target, Map<String, Object> payload) {
        Map<String, Object> event = base(at, action);
        event.put("actor", memberActor(member));
        event.put("target", target);
        event.put("context", context(member));
        event.put("payload", payload);
        events.add(event);
    }

    private Map<String, Object> base(Instant at, String action) {
        var event = new LinkedHashMap<String, Object>();
        sequence++;
        event.put("id", "demo_" + sequence);
        event.put("action", action);
        event.put("occurred_at", at.plusMillis(random.nextInt(1000)).toString());
        event.put("workspace", WORKSPACES[random.nextInt(WORKSPACES.length)]);
        return event;
    }

    private Map<String, Object> context(Member member) {
        return Map.of(
                "ip",
                member.ip(),
                "user_agent",
                member.userAgent(),
                "request_id",
                "req_" + Integer.toHexString(random.nextInt()));
    }

    /** The real id of one of the demo's names. */
    private String id(String name) {
        return ids.getOrDefault(name, name);
    }

    private static Map<String, Object> memberActor(Member member) {
        return actor("member", member.id(), member.name(), member.email(), member.role());
    }

    private static Map<String, Object> actor(
            String type, @Nullable String id, @Nullable String name, @Nullable String email, @Nullable String role) {
        var actor = new LinkedHashMap<String, Object>();
        actor.put("type", type);
        if (id != null) {
            actor.put("id", id);
        }
        if (name != null) {
            actor.put("name", name);
        }
        if (email != null) {
            actor.put("email", email);
        }
        if (role != null) {
            actor.put("role", role);
        }
        return actor;
    }

    private static Map<String, Object> userTarget(Member member) {
        return target("user", member.id(), member.name());
    }

    private static Map<String, Object> target(String type, String id, String name) {
        return Map.of("type", type, "id", id, "name", name);
    }

    private void assertEveryActionPresent(Set<String> recordedAlready) {
        Set<Object> present = new HashSet<>(recordedAlready);
        events.forEach(e -> present.add(e.get("action")));
        for (ActionSpec spec : Catalog.standard().actions()) {
            if (!present.contains(spec.action())) {
                throw new IllegalStateException("the demo history lacks " + spec.action());
            }
        }
    }
}
