package dev.attest.core.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Counters of attempts in fixed windows, shared by every server process on one database, for the routes where
 * secrets are guessed (sign-in, second factors, reset requests). Each call is one atomic statement, so that parallel
 * attempts on several processes are all counted. Keys are the caller's (e.g. an email or an address, prefixed by what
 * they count). Thread-safe.
 */
public interface RateLimitStore {
    /**
     * Counts one attempt of {@code key} and returns how many the key has made in its current window, this one
     * included. A window starts at a key's first attempt and lasts {@code window}; the first attempt after it starts a
     * new one.
     */
    long hit(String key, Instant now, Duration window);

    /** Takes one attempt back from the key's current window (never below zero). */
    void giveBack(String key);

    /** Forgets the key: its next attempt starts a new window. */
    void reset(String key);

    /**
     * Forgets every window that started at or before {@code before}, so that the table holds only live windows.
     *
     * @return how many were forgotten
     */
    int purge(Instant before);
}
