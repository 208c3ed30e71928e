package dev.attest.integrity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** RFC 8785 §3.2.2.3: a double as ECMAScript's Number::toString writes it (ECMA-262, Number::toString). */
final class EcmaScriptNumber {
    private static final MathContext ONE_DIGIT_DOWN = new MathContext(1, RoundingMode.FLOOR);
    private static final MathContext ONE_DIGIT_UP = new MathContext(1, RoundingMode.CEILING);

    private EcmaScriptNumber() {}

    /** Formats a finite double; -0 is written as 0. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = shortestDecimal(Math.abs(value));
        // value = s * 10^(n - k), s having k digits (ECMA-262 Number::toString, step 5).
        String s = decimal.unscaledValue().toString();
        int k = s.length();
        int n = k - decimal.scale();
        StringBuilder out = new StringBuilder(k + 8);
        if (value < 0) {
            out.append('-');
        }
        if (k <= n && n <= 21) {
            out.append(s).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").repeat('0', -n).append(s);
        } else {
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest digits that rounds to {@code value} (positive), the closest to it among those, and
     * of those two the one with an even last digit: ECMA-262 Number::toString step 5 with its Note 2.
     *
     * <p>{@link Double#toString(double)} (JDK 19+) picks exactly that decimal when it has two or more digits. When a
     * one-digit decimal exists it may instead pick a closer two-digit one (4.9E-324 for 5e-324), so the two one-digit
     * decimals around the value are tried.
     */
    private static BigDecimal shortestDecimal(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal down = exact.round(ONE_DIGIT_DOWN);
        BigDecimal up = exact.round(ONE_DIGIT_UP);
        boolean downRoundTrips = roundTrips(down, value);
        boolean upRoundTrips = roundTrips(up, value);
        if (downRoundTrips && upRoundTrips) {
            int order = exact.subtract(down).compareTo(up.subtract(exact));
            boolean downIsEven = !down.unscaledValue().testBit(0);
            return order < 0 || (order == 0 && downIsEven) ? down.stripTrailingZeros() : up.stripTrailingZeros();
        }
        if (downRoundTrips) {
            return down.stripTrailingZeros();
        }
        return upRoundTrips ? up.stripTrailingZeros() : java;
    }

    private static boolean roundTrips(BigDecimal decimal, double value) {
        // Double.parseDouble rounds to nearest, as the IEEE 754 reading of a decimal requires.
        return Double.parseDouble(decimal.toString()) == value;
    }
}
