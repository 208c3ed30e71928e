package dev.attest.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SmtpUrlTest {
    @Test
    void parse_smtpWithUserAndEncodedPassword_upgradesWithStartTlsWhenOffered() {
        SmtpUrl url = SmtpUrl.parse("smtp://mailer%40acme:p%40ss%3Aword+1@mail.acme.test?from=audit@acme.test");

        assertThat(url.host()).isEqualTo("mail.acme.test");
        assertThat(url.port()).isEqualTo(587);
        assertThat(url.user()).isEqualTo("mailer@acme");
        assertThat(url.password()).isEqualTo("p@ss:word+1");
        assertThat(url.from()).isEqualTo("audit@acme.test");
        Properties props = url.properties();
        assertThat(props.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(props.getProperty("mail.smtp.starttls.required")).isEqualTo("false");
        assertThat(props.getProperty("mail.smtp.auth")).isEqualTo("true");
        assertThat(props.getProperty("mail.smtp.connectiontimeout")).isEqualTo("10000");
    }

    @Test
    void parse_smtps_isTlsFromTheStartOnPort465() {
        SmtpUrl url = SmtpUrl.parse("smtps://u:p@mail.acme.test");

        assertThat(url.implicitTls()).isTrue();
        assertThat(url.port()).isEqualTo(465);
        assertThat(url.properties().getProperty("mail.transport.protocol")).isEqualTo("smtps");
        assertThat(url.properties().getProperty("mail.smtps.ssl.checkserveridentity"))
                .isEqualTo("true");
    }

    @Test
    void parse_startTlsRequiredOrNever_andNoUser() {
        assertThat(SmtpUrl.parse("smtp://relay:25?starttls=required").properties())
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.auth", "false");
        assertThat(SmtpUrl.parse("smtp://relay:25?starttls=never").properties())
                .doesNotContainKey("mail.smtp.starttls.enable");
    }

    @Test
    void toString_masksThePassword() {
        assertThat(SmtpUrl.parse("smtp://mailer:hunter2hunter2@mail.acme.test:2525")
                        .toString())
                .isEqualTo("smtp://mailer:****@mail.acme.test:2525")
                .doesNotContain("hunter2");
    }

    @Test
    void parse_wrongSchemeNoHostOrUnknownParameter_saysWhatIsWrongWithoutThePassword() {
        assertThatThrownBy(() -> SmtpUrl.parse("http://u:secretpw@host"))
                .hasMessageContaining("smtp:// or smtps://")
                .hasMessageNotContaining("secretpw");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp:///nohost")).hasMessageContaining("names no host");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://host?tls=yes")).hasMessageContaining("unknown parameter tls");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://host?starttls=maybe")).hasMessageContaining("starttls must be");
    }
}
