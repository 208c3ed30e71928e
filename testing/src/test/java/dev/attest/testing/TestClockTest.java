package dev.attest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {
    /** A machine clock that a test moves by hand. */
    private static final class MachineClock extends Clock {
        Instant now;

        MachineClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MachineClock machine = new MachineClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void build_passesTheTestNowPropertyToUnitTests() {
        assertThat(System.getProperty(TestClock.PROPERTY))
                .as("system property %s, set (blank by default) by the parent pom", TestClock.PROPERTY)
                .isNotNull();
    }

    @Test
    void of_unsetOrBlank_isTheMachineClock() {
        assertThat(TestClock.of(null, machine)).isSameAs(machine);
        assertThat(TestClock.of("  ", machine)).isSameAs(machine);
    }

    @Test
    void of_instant_startsThereAndAdvancesWithTheMachine() {
        Clock clock = TestClock.of("2026-12-31T23:59:50Z", machine);

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-31T23:59:50Z"));
        machine.now = machine.now.plus(Duration.ofSeconds(15));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:05Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void of_offsetOtherThanUtc_isTheSameInstant() {
        assertThat(TestClock.of("2031-03-01T09:00:00+09:00", machine).instant())
                .isEqualTo(Instant.parse("2031-03-01T00:00:00Z"));
    }

    @Test
    void of_notAnInstant_namesThePropertyAndTheExpectedForm() {
        assertThatThrownBy(() -> TestClock.of("2031-03-01", machine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attest.test.now")
                .hasMessageContaining("2026-12-31T23:59:50Z")
                .hasMessageContaining("2031-03-01");
    }
}
