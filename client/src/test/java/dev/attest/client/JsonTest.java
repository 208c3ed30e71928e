package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void write_valuesOfEveryKind_asCompactJson() {
        var map = new LinkedHashMap<String, Object>();
        map.put("s", "a\"b\\c\n\u0001\u2028é");
        map.put("n", 42L);
        map.put("d", 1.5);
        map.put("whole", 3.0);
        map.put("b", true);
        map.put("z", null);
        map.put("l", List.of(1, "x"));
        assertThat(JsonWriter.write(map))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u2028é\",\"n\":42,\"d\":1.5,\"whole\":3,\"b\":true,"
                        + "\"z\":null,\"l\":[1,\"x\"]}");
    }

    @Test
    void write_nonJsonValues_rejectedWithTheirType() {
        assertThatThrownBy(() -> JsonWriter.check(new Object())).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> JsonWriter.check(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> JsonWriter.check(Map.of(1, "x"))).hasMessageContaining("keys must be strings");
    }

    @Test
    void read_writtenText_roundTrips() {
        var map = new LinkedHashMap<String, Object>();
        map.put("s", "tab\t quote\" slash/ \uD83D\uDE00 \u0000");
        map.put("n", -7L);
        map.put("d", 0.25);
        map.put("list", Arrays.asList(true, false, null, Map.of("k", "v")));
        assertThat(JsonReader.read(JsonWriter.write(map))).isEqualTo(map);
    }

    @Test
    void read_escapesNumbersAndWhitespace() {
        Object value =
                JsonReader.read(" { \"a\" : [ 1e2 , -0.5, 12345678901234567890, \"\\u00e9\\ud83d\\ude00\\/\" ] } ");
        assertThat(value)
                .isEqualTo(Map.of("a", List.of(100.0, -0.5, new BigInteger("12345678901234567890"), "é\uD83D\uDE00/")));
    }

    @Test
    void read_brokenText_namesTheOffset() {
        assertThatThrownBy(() -> JsonReader.read("{\"a\":}")).hasMessageContaining("offset 5");
        assertThatThrownBy(() -> JsonReader.read("[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.read("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> JsonReader.read("01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> JsonReader.read("\"a\u0001\"")).hasMessageContaining("control");
        assertThatThrownBy(() -> JsonReader.read("[".repeat(100))).hasMessageContaining("nesting");
        assertThatThrownBy(() -> JsonReader.read("")).hasMessageContaining("end of text");
    }
}
