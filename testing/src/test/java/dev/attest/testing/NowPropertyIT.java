package dev.attest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build hands the tests' "now" to Failsafe's JVMs as it does to Surefire's. */
class NowPropertyIT {
    @Test
    void build_passesTheTestNowPropertyToIntegrationTests() {
        assertThat(System.getProperty(TestClock.PROPERTY))
                .as("system property %s, set (blank by default) by the parent pom", TestClock.PROPERTY)
                .isNotNull();
    }
}
