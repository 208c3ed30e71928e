package dev.attest.server.console;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.NotFoundException;

/**
 * Why an administrative change of a console page was not done, with the status the API answers for the same refusal,
 * so that a page shows what the API would say.
 */
record Refusal(int status, String why) {
    /** What a page says to a form sent without its session's CSRF token. */
    static final String CSRF = "The form was not sent from this console; reload the page.";

    /**
     * Runs one change; when the administration refuses it, hands the refusal to {@code show} (which shows the page
     * again saying why) and returns {@code false}. Other exceptions pass.
     */
    static boolean attempt(Runnable change, java.util.function.Consumer<Refusal> show) {
        try {
            change.run();
            return true;
        } catch (RuntimeException error) {
            if (!shown(error)) {
                throw error;
            }
            show.accept(of(error));
            return false;
        }
    }

    /** The administration's exceptions a page shows instead of failing. */
    static boolean shown(RuntimeException error) {
        return error instanceof ForbiddenException
                || error instanceof ConflictException
                || error instanceof NotFoundException
                || error instanceof InvalidChangeException;
    }

    /** The refusal of one of the {@link #shown} exceptions. */
    static Refusal of(RuntimeException error) {
        int status = switch (error) {
            case ForbiddenException forbidden -> 403;
            case ConflictException conflict -> 409;
            case NotFoundException missing -> 404;
            default -> 400;
        };
        return new Refusal(status, String.valueOf(error.getMessage()));
    }
}
