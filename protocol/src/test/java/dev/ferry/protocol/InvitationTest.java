package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationTest {
    static final String SECRET = "q0Z1lF3d8xX2m9Yb7Kc4Vn6Tw5Rs1Pu0Ah3Ge8Jf2Dk";
    static final String FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

    @Test
    void anInvitationCarriesAddressFingerprintAndKeyInOneLine() {
        Invitation invitation = new Invitation("10.0.0.2", 50000, FINGERPRINT, SECRET);
        assertThat(invitation.text()).isEqualTo("ferry://10.0.0.2:50000/#fp=" + FINGERPRINT + "&key=" + SECRET);
        assertThat(Invitation.parse("  " + invitation.text() + "\n")).isEqualTo(invitation);
    }

    @Test
    void anIpv6AddressIsBracketed() {
        Invitation invitation = new Invitation("fd00::2", 4000, "", SECRET);
        assertThat(invitation.text()).isEqualTo("ferry://[fd00::2]:4000/#key=" + SECRET);
        assertThat(Invitation.parse(invitation.text())).isEqualTo(invitation);
    }

    @Test
    void unknownParametersAreIgnoredAndAMissingPortIsTheDefault() {
        Invitation parsed = Invitation.parse("ferry://host.example/#v=3&key=" + SECRET + "&fp=" + FINGERPRINT);
        assertThat(parsed).isEqualTo(new Invitation("host.example", Wire.DEFAULT_PORT, FINGERPRINT, SECRET));
    }

    @Test
    void theSecretIsNeverInItsTextForm() {
        assertThat(new Invitation("h", 1, FINGERPRINT, SECRET).toString()).doesNotContain(SECRET).contains("(secret)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h:1/#key=" + SECRET, "ferry://h:1/", "ferry://h:1/#fp=" + FINGERPRINT,
            "ferry://h:99999/#key=" + SECRET, "ferry://:1/#key=" + SECRET, "ferry://h:1/#key=short",
            "ferry://h:1/#key=" + SECRET + "!", "ferry://[::1:1/#key=" + SECRET, "ferry://h:1/#fp=MD5:x&key=" + SECRET})
    void aBrokenInvitationIsOneLineThatNeverRepeatsTheSecret(String text) {
        assertThatThrownBy(() -> Invitation.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n"));
    }
}
