package dev.attest.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws indexes 0..n-1 with fixed relative weights (e.g. Zipf's law), in O(log n) per draw. Immutable. */
final class Skew {
    private final double[] cumulative;

    private Skew(double[] weights) {
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /** Index i with probability {@code weights[i] / sum(weights)}. */
    static Skew of(double... weights) {
        return new Skew(weights.clone());
    }

    /** Zipf's law over {@code n} ranks: rank k has weight {@code 1 / (k + 1)^exponent}. */
    static Skew zipf(int n, double exponent) {
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            weights[k] = 1 / Math.pow(k + 1, exponent);
        }
        return new Skew(weights);
    }

    int next(SplittableRandom random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int at = Arrays.binarySearch(cumulative, x);
        return Math.min(cumulative.length - 1, at >= 0 ? at + 1 : -at - 1);
    }

    int size() {
        return cumulative.length;
    }
}
