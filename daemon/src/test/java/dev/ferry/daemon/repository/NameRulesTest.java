package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"sample.txt", "large file.bin", "café menu.txt", "日本語.txt", "docs/readme.md",
            "a/b/c/d.txt", "x..y", "dots...", "%2e%2e", "name with 'quotes'"})
    void plainRelativeNamesAreAccepted(String name) throws RequestFailure {
        assertThat(String.join("/", NameRules.segments(name))).isEqualTo(name);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''                     | refused an empty name",
            "..                     | refused a name with a '..' segment",
            "../etc/passwd          | refused a name with a '..' segment",
            "docs/../../etc/passwd  | refused a name with a '..' segment",
            "docs/..                | refused a name with a '..' segment",
            "./sample.txt           | refused a name with a '.' segment",
            "/etc/passwd            | refused an absolute path (names are relative to the repository)",
            "docs//readme.md        | refused a name with an empty segment ('//' or a trailing '/')",
            "docs/                  | refused a name with an empty segment ('//' or a trailing '/')",
            "..\\\\secret           | refused a name with a backslash (separate folders with /)",
            "docs\\\\readme.md      | refused a name with a backslash (separate folders with /)",
            ".env                   | refused a hidden name (hidden files are not shared)",
            "docs/.git/config       | refused a hidden name (hidden files are not shared)"})
    void hostileNamesAreRefusedWithAReason(String name, String reason) {
        assertThatThrownBy(() -> NameRules.segments(name))
                .isInstanceOfSatisfying(RequestFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_NAME))
                .hasMessage(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "tab\there", "bell\u0007", "del\u007f", "c1\u0085", "esc\u001b[31m",
            "evil\u202etxt.exe", "iso\u2066late"})
    void controlAndBidiCharactersAreRefused(String name) {
        assertThatThrownBy(() -> NameRules.segments(name))
                .isInstanceOf(RequestFailure.class)
                .hasMessageStartingWith("refused a name with the control character U+");
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 4000, 60000})
    void namesOverTheLimitAreRefused(int length) {
        assertThatThrownBy(() -> NameRules.segments("a".repeat(length)))
                .isInstanceOf(RequestFailure.class)
                .hasMessage("refused a name longer than 1024 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 40})
    void namesTooDeepAreRefused(int depth) {
        assertThatThrownBy(() -> NameRules.segments("d/".repeat(depth - 1) + "f"))
                .isInstanceOf(RequestFailure.class)
                .hasMessage("refused a name more than 32 folders deep");
    }
}
