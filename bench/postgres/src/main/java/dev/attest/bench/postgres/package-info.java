/** The PostgreSQL benchmark: {@link dev.attest.bench.postgres.PostgresBench} measures every figure in one run. */
@NullMarked
package dev.attest.bench.postgres;

import org.jspecify.annotations.NullMarked;
