package dev.attest.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds and their percentiles. Not thread-safe: one writer, read after it finished. */
final class Latencies {
    private long[] samples;
    private int count;

    Latencies(int expected) {
        samples = new long[Math.max(16, expected)];
    }

    void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    static Latencies of(long[] nanos, int count) {
        var latencies = new Latencies(count);
        for (int i = 0; i < count; i++) {
            latencies.add(nanos[i]);
        }
        return latencies;
    }

    int count() {
        return count;
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100) in milliseconds; 0 when there is no sample. */
    double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.clamp(rank - 1, 0, count - 1)] / 1e6;
    }

    double maxMillis() {
        return percentileMillis(100);
    }
}
