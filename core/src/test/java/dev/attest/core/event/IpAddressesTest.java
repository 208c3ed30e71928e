package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "203.0.113.7",
                "0.0.0.0",
                "255.255.255.255",
                "::",
                "::1",
                "2001:db8::7",
                "2001:db8:0:0:0:0:2:1",
                "fe80::1:2:3:4",
                "::ffff:192.0.2.128",
                "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:7::",
                "2001:DB8::A"
            })
    void isLiteral_validAddress_true(String address) {
        assertThat(IpAddresses.isLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "01.2.3.4",
                "1.2.3.-4",
                "a.b.c.d",
                "localhost",
                "example.com",
                ":::",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "12345::",
                "fe80::1%eth0",
                "::1.2.3",
                "1.2.3.4::",
                "2001:db8:::1",
                "g::1",
                " 1.2.3.4"
            })
    void isLiteral_notAnAddress_false(String text) {
        assertThat(IpAddresses.isLiteral(text)).isFalse();
    }
}
