package dev.attest.cli;

import dev.attest.cli.DemoHistory.Member;
import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.GroupAdministration;
import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.member.Group;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Role;
import dev.attest.core.org.Scope;
import dev.attest.core.store.Storage;
import dev.attest.server.console.Accounts;
import dev.attest.server.console.Passwords;
import dev.attest.server.mail.OutboxMailer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo organization's administration, done through the same core services the console and the API call
 * ({@link InvitationAdministration}, {@link GroupAdministration} …), so that its {@code user.invite},
 * {@code group.create}, {@code api.key.enable} … events are the ones those services record, with the owner as actor:
 * the owner creates an API key and workspaces, creates groups, invites the team (the mail goes to the outbox), each
 * invited person follows the link in their mail, and the owner promotes one, fills the groups and grants access.
 * Runs on a {@link StoryClock} set to the day the organization was founded, before the synthetic history begins.
 */
final class DemoOrganization {
    /** Where a link to an invitation ends: its token. */
    private static final Pattern LINK = Pattern.compile("/invitations/(\\S+)");

    /** The groups the owner creates; {@link DemoHistory} names them {@code grp_0} … in this order. */
    static final List<String> GROUPS = List.of("Engineering", "Security", "Finance", "Support");

    /** The actions {@link #build} records. */
    static final Set<String> ACTIONS = Set.of(
            "api.key.enable",
            "group.create",
            "user.invite",
            "user.invite.resend",
            "org.requireMfa",
            "user.roleChange",
            "group.membersChange",
            "group.accessChange",
            "user.accessChange");

    private final Storage storage;
    private final StoryClock clock;
    private final SecureRandom random = new SecureRandom();

    DemoOrganization(Storage storage, StoryClock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * What was built.
     *
     * @param ids the real id of each of {@link DemoHistory}'s names: {@code usr_ada}, {@code grp_0}, {@code key_sync}
     * @param events how many events the services recorded
     */
    record Built(Map<String, String> ids, int events) {}

    /** Builds the people, groups, workspaces and key of {@code org}, a new organization with an empty log. */
    Built build(OrganizationId org) {
        var parser = new EventParser(clock, new IdGenerator(clock));
        var recorder = new Recorder(parser, clock);
        // Links point where `attest serve` listens by default; each is followed below, so none works afterwards.
        var invitations = new InvitationAdministration(
                storage, recorder, new OutboxMailer(storage.outbox(), clock), () -> "http://localhost:8080", clock);
        var members = new MemberAdministration(storage, recorder);
        var groups = new GroupAdministration(storage, recorder, clock);
        var workspaces = new WorkspaceAdministration(storage, clock);
        var keys = new ApiKeyAdministration(storage, recorder, clock, id -> {});
        var settings = new OrganizationAdministration(storage, recorder);
        var ids = new LinkedHashMap<String, String>();

        // The owner's account, as `attest user create` makes it (no catalog action).
        Member ada = DemoHistory.MEMBERS.getFirst();
        var owner = new Accounts(storage, clock).createMember(org, ada.email(), ada.name(), Role.OWNER);
        ids.put(ada.id(), owner.member().id());
        Principal acting = Principal.of(owner.member(), org, context(ada, 1));

        step();
        var key = keys.create(acting, "Directory sync", Set.of(Scope.ADMIN, Scope.EVENTS_READ));
        ids.put("key_sync", key.key().id());
        step();
        workspaces.create(acting, "production");
        workspaces.create(acting, "staging");
        for (int g = 0; g < GROUPS.size(); g++) {
            step();
            Group group = groups.create(acting, GROUPS.get(g));
            ids.put("grp_" + g, group.id());
        }
        var invited = new LinkedHashMap<Member, Invitation>();
        for (Member person : DemoHistory.MEMBERS.subList(1, DemoHistory.MEMBERS.size())) {
            step();
            // Margaret joins as a member and is made an admin once she has settled in.
            Role role = person.id().equals("usr_margaret") ? Role.MEMBER : role(person);
            invited.put(
                    person,
                    invitations.invite(acting, person.email(), role, List.of()).invitation());
        }
        step();
        Member alan = DemoHistory.MEMBERS.get(2);
        invitations.resend(acting, Objects.requireNonNull(invited.get(alan)).id());
        step();
        settings.change(acting, new OrganizationAdministration.SettingsChange(null, true));

        // Each person opens the link in their mail (the latest, after a resend) and chooses a password.
        for (Member person : invited.keySet()) {
            clock.advance(Duration.ofMinutes(20));
            var member = invitations.accept(token(person.email()), person.name(), Passwords.hash(password()));
            ids.put(person.id(), member.id());
        }

        step();
        members.change(acting, real(ids, "usr_margaret"), new MemberAdministration.MemberChange(Role.ADMIN, null));
        step();
        groups.changeMembers(
                acting, real(ids, "grp_0"), List.of(real(ids, "usr_alan"), real(ids, "usr_linus")), List.of());
        step();
        groups.changeMembers(
                acting, real(ids, "grp_1"), List.of(real(ids, "usr_grace"), real(ids, "usr_katherine")), List.of());
        step();
        groups.replaceWorkspaces(acting, real(ids, "grp_1"), List.of("production", "staging"));
        step();
        groups.replaceWorkspaces(acting, real(ids, "grp_0"), List.of("staging"));
        step();
        members.change(
                acting,
                real(ids, "usr_katherine"),
                new MemberAdministration.MemberChange(null, null, List.of("production")));
        return new Built(Map.copyOf(ids), (int) count(org));
    }

    /** The real id of one of the demo's names, created above. */
    private static String real(Map<String, String> ids, String name) {
        return Objects.requireNonNull(ids.get(name), name);
    }

    private long count(OrganizationId org) {
        return storage.events().size(org);
    }

    /** The token of the newest link mailed to {@code email}, read from the outbox as a person reads their mail. */
    private String token(String email) {
        for (OutboxMail mail : storage.outbox().latest(100)) {
            if (mail.mail().to().equals(email)) {
                Matcher link = LINK.matcher(mail.mail().text());
                if (link.find()) {
                    return link.group(1);
                }
            }
        }
        throw new IllegalStateException("no invitation mail to " + email + " in the outbox");
    }

    private String password() {
        return Passwords.generate(random);
    }

    /** A little while passes between two actions of the owner. */
    private void step() {
        clock.advance(Duration.ofSeconds(37));
    }

    private static Role role(Member person) {
        return Role.fromWire(person.role()).orElseThrow();
    }

    private static RequestContext context(Member member, int request) {
        return new RequestContext(member.ip(), member.userAgent(), "req_demo_" + request);
    }

    /**
     * A clock the demo sets to a moment of its story and moves forward, so that what the services record carries that
     * moment. Derived from the command's injected clock; UTC.
     */
    static final class StoryClock extends Clock {
        private Instant now;

        StoryClock(Instant start) {
            this.now = start;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the demo's story is told in UTC");
        }
    }
}
