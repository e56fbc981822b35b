package dev.ferry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsFileTest {

    @Test
    void readsNameValueLinesSkippingCommentsAndBlanks() throws Exception {
        SettingsFile file = SettingsFile.parse("f.conf", List.of(
                "# ferryd settings", "", "port = 6000", "  --host=0.0.0.0  ", "repo = \" my files \""));
        assertThat(file.get("port")).map(SettingsFile.Entry::value).hasValue("6000");
        assertThat(file.get("host")).map(SettingsFile.Entry::value).hasValue("0.0.0.0");
        assertThat(file.get("repo")).map(SettingsFile.Entry::value).hasValue(" my files ");
        assertThat(file.where(file.get("host").orElseThrow())).isEqualTo("f.conf line 4");
        assertThat(file.get("missing")).isEmpty();
    }

    @Test
    void anEmptyValueIsKeptAsEmpty() throws Exception {
        assertThat(SettingsFile.parse("f", List.of("host =")).get("host")).map(SettingsFile.Entry::value).hasValue("");
    }

    @Test
    void aLineWithoutEqualsNamesFileLineAndKey() {
        assertThatThrownBy(() -> SettingsFile.parse("/etc/ferry/ferryd.conf", List.of("port = 1", "max-clients 5")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("/etc/ferry/ferryd.conf line 2: 'max-clients' has no '=': write 'name = value'");
    }

    @Test
    void aBadNameIsRefused() {
        assertThatThrownBy(() -> SettingsFile.parse("f", List.of("po rt = 1")))
                .hasMessage("f line 1: 'po' is not a setting name");
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithBothLines() {
        assertThatThrownBy(() -> SettingsFile.parse("f", List.of("port = 1", "", "port = 2")))
                .hasMessage("f line 3: 'port' is set twice (first on line 1)");
    }

    @Test
    void anUnknownKeyIsRefusedListingTheKnownOnes() throws Exception {
        SettingsFile file = SettingsFile.parse("c", List.of("host = a", "prot = 5"));
        assertThatThrownBy(() -> file.requireKnown(Set.of("host", "port")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("c line 2: 'prot' is not a setting (settings: host, port)")
                .extracting(e -> ((SettingsException) e).key()).isEqualTo("prot");
    }
}
