/** The SDK throughput benchmark: {@link dev.attest.bench.sdk.SdkBench}. Never shipped. */
@NullMarked
package dev.attest.bench.sdk;

import org.jspecify.annotations.NullMarked;
