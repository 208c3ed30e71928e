package dev.attest.client;

/**
 * The server's acknowledgement of one event: it is committed durably at position {@code seq} of the organization's
 * log.
 *
 * @param created {@code false} when the server already held an event with this id (a retry): the {@code seq} is then
 *     the original one and nothing was stored twice
 */
public record SendResult(String id, long seq, boolean created) {}
