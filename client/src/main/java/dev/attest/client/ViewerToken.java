package dev.attest.client;

import java.time.Instant;

/**
 * A short-lived bearer token for the embedded viewer ({@code <attest-log>}): hand it to the page that shows the
 * component (e.g. {@code element.token = …}); it reads only this organization, within its restrictions.
 *
 * @param id names the token
 * @param token the secret ({@code avt_…}), shown this once
 * @param expiresAt when it stops working
 */
public record ViewerToken(String id, String token, Instant expiresAt) {
    @Override
    public String toString() {
        return "ViewerToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
