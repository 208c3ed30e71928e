package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.5 ,fd00::/8");

    private static InetAddress ip(String text) {
        InetAddress address = TrustedProxies.literal(text);
        assertThat(address).as(text).isNotNull();
        return java.util.Objects.requireNonNull(address);
    }

    private static String client(String peer, List<String> forwardedFor, List<String> forwarded) {
        return PROXIES.client(ip(peer), forwardedFor, forwarded).getHostAddress();
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, true",
        "10.255.255.255, true",
        "11.0.0.1, false",
        "192.168.1.5, true",
        "192.168.1.6, false",
        "fd12:3456::1, true",
        "fe80::1, false",
        "::ffff:10.0.0.1, true"
    })
    void contains_matchesTheRangesOfTheirFamily(String address, boolean trusted) {
        assertThat(PROXIES.contains(ip(address))).isEqualTo(trusted);
    }

    @Test
    void parse_prefixesThatAreNotWholeBytes() {
        TrustedProxies narrow = TrustedProxies.parse("172.16.0.0/12,2001:db8::/33");

        assertThat(narrow.contains(ip("172.31.255.1"))).isTrue();
        assertThat(narrow.contains(ip("172.32.0.1"))).isFalse();
        assertThat(narrow.contains(ip("2001:db8:7fff::1"))).isTrue();
        assertThat(narrow.contains(ip("2001:db8:8000::1"))).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").contains(ip("203.0.113.9")))
                .isTrue();
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"localhost", "10.0.0.0/33", "10.0.0/8", "256.1.1.1", "fe80::1%eth0", "::1/129", "10.0.0.0/"})
    void parse_notAnAddressOrRange_namesTheEntry(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void client_untrustedPeer_isThePeerWhateverItsHeadersSay() {
        assertThat(client("203.0.113.9", List.of("198.51.100.7"), List.of("for=198.51.100.8")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void client_trustedPeer_isTheRightmostUntrustedHop() {
        // The client wrote 6.6.6.6 itself; the proxy appended the address it saw.
        assertThat(client("10.0.0.2", List.of("6.6.6.6, 198.51.100.7"), List.of()))
                .isEqualTo("198.51.100.7");
        // Through two trusted proxies.
        assertThat(client("10.0.0.2", List.of("6.6.6.6, 198.51.100.7, 10.9.9.9"), List.of()))
                .isEqualTo("198.51.100.7");
        // Several header lines are one list.
        assertThat(client("10.0.0.2", List.of("6.6.6.6", "198.51.100.7:4711"), List.of()))
                .isEqualTo("198.51.100.7");
        assertThat(client("10.0.0.2", List.of("[2001:db8::7]:4711"), List.of())).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void client_rfc7239Forwarded_readsTheForParameters() {
        assertThat(client(
                        "10.0.0.2",
                        List.of(),
                        List.of("for=6.6.6.6;proto=http, For=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.2")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(client("10.0.0.2", List.of(), List.of("for=198.51.100.7", "for=10.1.1.1")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void client_unknownOrGarbageHop_stopsAtTheLastTrustedOne() {
        assertThat(client("10.0.0.2", List.of("198.51.100.7, unknown"), List.of()))
                .isEqualTo("10.0.0.2");
        assertThat(client("10.0.0.2", List.of(), List.of("for=198.51.100.7, for=_hidden, for=10.3.3.3")))
                .isEqualTo("10.3.3.3");
        assertThat(client("10.0.0.2", List.of("evil.example"), List.of())).isEqualTo("10.0.0.2");
        assertThat(client("10.0.0.2", List.of(""), List.of())).isEqualTo("10.0.0.2");
    }

    @Test
    void client_allTrusted_isTheLeftmost() {
        assertThat(client("10.0.0.2", List.of("10.4.4.4, 192.168.1.5"), List.of()))
                .isEqualTo("10.4.4.4");
        assertThat(client("10.0.0.2", List.of(), List.of())).isEqualTo("10.0.0.2");
    }

    @Test
    void client_bothHeadersDisagreeing_isTheProxy() {
        // A proxy that writes X-Forwarded-For, and a Forwarded header the client invented.
        assertThat(client("10.0.0.2", List.of("198.51.100.7"), List.of("for=6.6.6.6")))
                .isEqualTo("10.0.0.2");
        assertThat(client("10.0.0.2", List.of("198.51.100.7"), List.of("for=198.51.100.7")))
                .isEqualTo("198.51.100.7");
    }
}
