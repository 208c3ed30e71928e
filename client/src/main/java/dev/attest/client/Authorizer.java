package dev.attest.client;

/** What a request carries as {@code Authorization}: an API key, or an app's current access token. Thread-safe. */
interface Authorizer {
    /**
     * The header value for the next request.
     *
     * @throws TokenException when no access token could be had
     */
    String authorization() throws TokenException;

    /**
     * The server answered 401 to a request that carried {@code used}.
     *
     * @return whether one more attempt with a fresh authorization may succeed
     */
    boolean refused(String used);

    /** An API key: the same for every request, and nothing to refresh when it is refused. */
    static Authorizer apiKey(String key) {
        String header = "Bearer " + key;
        return new Authorizer() {
            @Override
            public String authorization() {
                return header;
            }

            @Override
            public boolean refused(String used) {
                return false;
            }

            @Override
            public String toString() {
                return "API key (hidden)";
            }
        };
    }
}
