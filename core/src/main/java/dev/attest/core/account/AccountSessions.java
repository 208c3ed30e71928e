package dev.attest.core.account;

import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Member;
import dev.attest.core.member.Session;
import dev.attest.core.store.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One's own console sessions, as the account page lists them: ending one other session (a browser left signed in
 * elsewhere) is recorded as {@code auth.logout} of that session; signing out everywhere else as
 * {@code auth.session.deleteAll} with how many ended. Each is recorded in the transaction that ends the sessions.
 * Thread-safe.
 */
public final class AccountSessions {
    private final Storage storage;
    private final Recorder recorder;

    public AccountSessions(Storage storage, Recorder recorder) {
        this.storage = storage;
        this.recorder = recorder;
    }

    /** The member's sessions, the most recently active first. */
    public List<Session> list(Member member) {
        return storage.sessions().list(member.id());
    }

    /**
     * Ends one of the member's sessions, chosen by {@code matches} among theirs (so that nobody ends another member's
     * session by naming it).
     *
     * @return whether a session of theirs ended
     */
    public boolean endOne(Principal self, Member member, Predicate<Session> matches) {
        return storage.inTransaction(tx -> {
            Optional<Session> chosen =
                    tx.sessions().list(member.id()).stream().filter(matches).findFirst();
            if (chosen.isEmpty()) {
                return false;
            }
            tx.sessions().delete(chosen.get().tokenHash());
            var payload = new LinkedHashMap<String, Object>();
            payload.put("session", "other");
            putIfPresent(payload, "session_ip", chosen.get().ip());
            putIfPresent(payload, "session_user_agent", chosen.get().userAgent());
            recorder.record(tx, self, "auth.logout", target(member), Outcome.SUCCESS, payload);
            return true;
        });
    }

    /**
     * Ends every session of the member but {@code current}, and records {@code auth.session.deleteAll} with how many
     * ended (also when none did: the person asked, and the log says so).
     *
     * @return how many sessions ended
     */
    public int endOthers(Principal self, Member member, Session current) {
        return storage.inTransaction(tx -> {
            int ended = tx.sessions().deleteAllExcept(member.id(), current.tokenHash());
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            payload.put("count", (long) ended);
            payload.put("kept", "current");
            recorder.record(tx, self, "auth.session.deleteAll", target(member), Outcome.SUCCESS, payload);
            return ended;
        });
    }

    private static void putIfPresent(Map<String, Object> payload, String field, @Nullable String value) {
        if (value != null) {
            payload.put(field, value);
        }
    }

    private static Target target(Member member) {
        return new Target("user", member.id(), member.name());
    }
}
