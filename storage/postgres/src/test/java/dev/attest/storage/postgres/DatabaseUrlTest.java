package dev.attest.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void parse_libpqForm_becomesJdbcUrlAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://attest:s%40cret@db.internal:6432/audit?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/audit?sslmode=require");
        assertThat(url.user()).isEqualTo("attest");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("cret");
    }

    @Test
    void parse_jdbcUrl_isKeptAsIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(url.user()).isNull();
    }

    @Test
    void parse_otherScheme_namesTheAcceptedForms() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/audit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://");
    }
}
