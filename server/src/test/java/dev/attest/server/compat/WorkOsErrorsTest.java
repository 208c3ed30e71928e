package dev.attest.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.Violation;
import dev.attest.core.ingest.BackpressureException;
import dev.attest.core.ingest.CommitTimeoutException;
import dev.attest.core.ingest.ShuttingDownException;
import dev.attest.server.ErrorDialect;
import dev.attest.server.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors under /audit_logs/ answer as WorkOS does; the WorkOS clients read these shapes. */
class WorkOsErrorsTest {
    private static ErrorDialect.Answer answer(Throwable error) {
        return WorkOsRoutes.ERRORS.answer(error).orElseThrow();
    }

    @Test
    void busyOrStopping_answerWithWorkOsCodesAndRetryAfter() {
        ErrorDialect.Answer busy = answer(new BackpressureException("queue full", Duration.ofMillis(2_500)));
        ErrorDialect.Answer stopping = answer(new ShuttingDownException());
        ErrorDialect.Answer slow = answer(new CommitTimeoutException());

        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.body()).isEqualTo(Map.of("message", "Too many requests.", "code", "rate_limit_exceeded"));
        assertThat(busy.headers()).containsEntry("Retry-After", "2");
        assertThat(List.of(stopping.status(), slow.status())).containsOnly(503);
        assertThat(stopping.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void invalidEvent_listsEachProblemWithItsWorkOsPath() {
        ErrorDialect.Answer invalid =
                answer(new InvalidEventException(List.of(new Violation("/actor/type", "actor.type must be one of …"))));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().toString()).contains("actor.type must be one of");
    }

    @Test
    void unexpectedFailure_isAWorkOs500WithoutDetail_problemDocumentsStayAttests() {
        ErrorDialect.Answer failed = answer(new IllegalStateException("secret internals"));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo(Map.of("message", "Internal server error."));
        assertThat(WorkOsRoutes.ERRORS.answer(Problem.notFound("nothing here"))).isEmpty();
    }
}
