package dev.attest.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
    @Test
    @SuppressWarnings("FloatingPointLiteralPrecision") // the RFC's input text, more digits than a double holds
    void canonicalize_rfc8785Section322Example_isTheBytesOfSection324() {
        // The input of RFC 8785 §3.2.2, its string decoded from the JSON escapes the RFC writes it with.
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001));
        input.put("string", "\u20ac$" + (char) 0x0f + "\nA'B\"\\\\\"/");
        input.put("literals", Arrays.asList(null, true, false));

        assertThat(HexFormat.of().formatHex(CanonicalJson.canonicalize(input)))
                .isEqualTo(("7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
                                + " 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a"
                                + " 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31"
                                + " 65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37"
                                + " 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
                                + " 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d")
                        .replace(" ", ""));
    }

    @Test
    void canonicalize_rfc8785Section323Example_sortsNamesByUtf16CodeUnits() {
        Map<String, Object> input = new HashMap<>();
        input.put("\u20ac", "Euro Sign");
        input.put("\r", "Carriage Return");
        input.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        input.put("1", "One");
        input.put("\ud83d\ude00", "Emoji: Grinning Face");
        input.put("\u0080", "Control");
        input.put("\u00f6", "Latin Small Letter O With Diaeresis");

        // U+1F600 (surrogates D83D DE00) sorts before U+FB33: by UTF-16 code units, not by code points.
        assertThat(text(input))
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // RFC 8785 Appendix B: IEEE 754 bits and their canonical form.
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
        // Further edge cases of ECMAScript Number::toString, checked against node's JSON.stringify.
        "0000000000000002, 1e-323",
        "3ff0000000000000, 1",
        "3fb999999999999a, 0.1",
        "3eb0c6f7a0b5ed8e, 0.0000010000000000000002",
        "444b1ae4d6e2ef51, 1.0000000000000001e+21",
        "4415af1d78b58c40, 100000000000000000000",
        "7fe0000000000000, 8.98846567431158e+307",
    })
    void canonicalize_double_isEcmaScriptNumberToString(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(text(value)).isEqualTo(expected);
    }

    @Test
    void canonicalize_nonFiniteDouble_throwsNamingPointer() {
        Map<String, Object> input = Map.of("a", List.of(1, Double.NaN));
        assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NaN at \"/a/1\" is not allowed: JSON has no NaN or Infinity (RFC 8785 §3.2.2.3)");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Double.POSITIVE_INFINITY))
                .hasMessageContaining("Infinity at \"\" (the root) is not allowed");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Float.NEGATIVE_INFINITY))
                .hasMessageContaining("-Infinity");
    }

    @Test
    void canonicalize_integersUpTo2Pow53_writesDigits() {
        assertThat(text(List.of((byte) -7, (short) 300, 42, -(1L << 53), 1L << 53, BigInteger.valueOf(-(1L << 53)))))
                .isEqualTo("[-7,300,42,-9007199254740992,9007199254740992,-9007199254740992]");
    }

    @Test
    void canonicalize_integerAbove2Pow53_throwsNamingPointer() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("id", (1L << 53) + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("integer 9007199254740993 at \"/id\" exceeds 2^53");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Long.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(BigInteger.TEN.pow(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(
                        BigInteger.ONE.shiftLeft(53).negate().subtract(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalize_floatAndNegativeZero_widenExactly() {
        assertThat(text(List.of(0.5f, 0.1f, -0.0, -0.0f))).isEqualTo("[0.5,0.10000000149011612,0,0]");
    }

    @Test
    void canonicalize_bigDecimalThatIsADouble_writesTheDouble() {
        assertThat(text(List.of(
                        new BigDecimal("4.50"), new BigDecimal("1E+30"), new BigDecimal("0.1"), BigDecimal.ZERO)))
                .isEqualTo("[4.5,1e+30,0.1,0]");
    }

    @Test
    void canonicalize_bigDecimalThatIsNotADouble_throws() {
        // Both would be written as 0.1 and 333333333.3333333: two values, one canonical form.
        for (String decimal : List.of("0.10000000000000001", "333333333.33333329", "9007199254740993", "1E+400")) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("x", new BigDecimal(decimal))))
                    .as(decimal)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at \"/x\" is not exactly an IEEE 754 double");
        }
    }

    @Test
    void canonicalize_controlCharacters_useShortOrLowercaseHexEscapes() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        assertThat(text(controls.toString()))
                .isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e"
                        + "\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                        + "\\u001c\\u001d\\u001e\\u001f\"");
    }

    @Test
    void canonicalize_otherCharacters_writtenAsUtf8WithoutEscapes() {
        String input = "\"\\/ \u007f \u00e9 \u0800 \uffff \ud83d\ude00";
        assertThat(CanonicalJson.canonicalize(input))
                .isEqualTo("\"\\\"\\\\/ \u007f \u00e9 \u0800 \uffff \ud83d\ude00\"".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalize_unpairedSurrogate_throwsNamingPointer() {
        for (String broken : List.of("a\ud83d", "\ude00b", "\ud83d\ud83d", "x\ude00\ud83d")) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("k", List.of(broken))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate U+D")
                    .hasMessageContaining("of the string at \"/k/0\"");
        }
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("\ud83d", 1)))
                .hasMessageContaining("unpaired surrogate U+D83D at index 0 of the string at \"/\ud83d\"");
    }

    @Test
    void canonicalize_memberNamesNeedingPointerEscapes_pointerEscapesThem() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("a/b", Map.of("c~d", Double.NaN))))
                .hasMessageContaining("\"/a~1b/c~0d\"");
    }

    @Test
    void canonicalize_sameMembersInAnyOrder_givesSameBytes() {
        Map<String, Object> inserted = new LinkedHashMap<>();
        inserted.put("b", 1);
        inserted.put("a", List.of(Map.of("z", true, "y", false)));
        inserted.put("", "empty name");
        Map<String, Object> sorted = new TreeMap<>(inserted);
        assertThat(text(inserted))
                .isEqualTo(text(sorted))
                .isEqualTo("{\"\":\"empty name\",\"a\":[{\"y\":false,\"z\":true}],\"b\":1}");
    }

    @Test
    void canonicalize_literalsAndEmptyContainers_areWrittenWithoutWhitespace() {
        assertThat(text(null)).isEqualTo("null");
        assertThat(text(Arrays.asList(true, false, null, Map.of(), List.of(), "")))
                .isEqualTo("[true,false,null,{},[],\"\"]");
    }

    @Test
    void canonicalize_unsupportedTypes_throwNamingType() {
        List<Object> unsupported = List.of(Set.of(1), new int[] {1}, 'c', new AtomicLong(1), new Object());
        for (Object value : unsupported) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(List.of(value)))
                    .as(value.getClass().getName())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(value.getClass().getName())
                    .hasMessageContaining("at \"/0\"");
        }
        assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of(1, "one")))
                .hasMessage("member name 1 at \"\" (the root) is not a String");
    }

    @Test
    void canonicalize_nesting1000Deep_isAccepted() {
        assertThat(text(nested(1000))).hasSize(2000);
    }

    @Test
    void canonicalize_nestingDeeperThan1000OrCyclic_throws() throws Exception {
        // The limit names its pointer on a thread with room for 1,000 levels (on a busy JVM the test thread's own
        // stack may not be, which the next assertion covers).
        var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread roomy = new Thread(
                null,
                () -> {
                    try {
                        CanonicalJson.canonicalize(nested(1001));
                    } catch (Throwable e) {
                        error.set(e);
                    }
                },
                "roomy",
                64L << 20);
        roomy.start();
        roomy.join();
        assertThat(error.get())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("nesting deeper than 1000 at \"/0/0/0");
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(cyclic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalize_onAThreadWithATinyStack_refusesDeepNestingWithoutAStackOverflow() throws Exception {
        var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread tiny = new Thread(
                null,
                () -> {
                    try {
                        CanonicalJson.canonicalize(nested(1000));
                    } catch (Throwable e) {
                        error.set(e);
                    }
                },
                "tiny",
                64L << 10);
        tiny.start();
        tiny.join();

        assertThat(error.get()).isInstanceOf(IllegalArgumentException.class);
    }

    private static Object nested(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        return outer;
    }

    private static String text(@Nullable Object value) {
        return new String(CanonicalJson.canonicalize(value), StandardCharsets.UTF_8);
    }
}
