/**
 * Benchmarks of Attest, never shipped: end-to-end ingest over HTTP against raw SQLite baselines, and query latency
 * over a generated organization of millions of events. {@link dev.attest.bench.Bench} is the entry point.
 */
@NullMarked
package dev.attest.bench;

import org.jspecify.annotations.NullMarked;
