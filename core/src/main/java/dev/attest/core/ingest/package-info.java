/**
 * Ingest: the single writer that turns concurrent producer requests into group commits, with backpressure instead of
 * unbounded queues. Nothing is acknowledged before its transaction committed.
 */
@NullMarked
package dev.attest.core.ingest;

import org.jspecify.annotations.NullMarked;
