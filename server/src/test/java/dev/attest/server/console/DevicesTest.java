package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevicesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                        + " Safari/537.36 Edg/131.0.0.0 | Edge on Windows",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1"
                        + " Safari/605.1.15 | Safari on macOS",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148"
                        + " Safari/604.1 | Safari on iPhone",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox on Linux",
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36 | Chrome on Android",
                "curl/8.5.0 | curl",
                "Mozilla/5.0 (X11; Linux x86_64) | A browser on Linux",
                "something else | Other client"
            })
    void describe_commonAgents(String userAgent, String expected) {
        assertThat(Devices.describe(userAgent)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '"})
    void describe_none_unknownDevice(String userAgent) {
        assertThat(Devices.describe(userAgent)).isEqualTo("Unknown device");
        assertThat(Devices.describe(null)).isEqualTo("Unknown device");
    }
}
