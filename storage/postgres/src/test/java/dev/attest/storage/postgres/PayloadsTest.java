package dev.attest.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.integrity.CanonicalJson;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    @Test
    void read_numbersThroughJsonb_keepTheirCanonicalBytes() throws Exception {
        var payload = new LinkedHashMap<String, @Nullable Object>();
        payload.put("huge", 1e300);
        payload.put("tiny", 1.5e-7);
        payload.put("whole", 9_007_199_254_740_991L);
        payload.put("fraction", 2.5);
        payload.put("nested", List.of(Map.of("x", 1e21), -4L));
        String json = Payloads.write(payload);

        String throughJsonb;
        try (var connection = DriverManager.getConnection(TestDatabases.embedded());
                var statement = connection.prepareStatement("SELECT ?::jsonb::text")) {
            statement.setString(1, json);
            try (var rows = statement.executeQuery()) {
                rows.next();
                throughJsonb = rows.getString(1);
            }
        }

        assertThat(throughJsonb).contains("1000000000000000000000");
        assertThat(CanonicalJson.canonicalize(Payloads.read(throughJsonb)))
                .isEqualTo(CanonicalJson.canonicalize(payload));
    }
}
