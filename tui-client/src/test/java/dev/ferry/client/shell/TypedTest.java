package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypedTest {
    static final Set<String> FILES = Set.of("sample.txt", "my notes.txt", "list");

    @Test
    void commandWordsAreRecognisedInAnyCase() {
        assertThat(Typed.parse("status", FILES)).isEqualTo(new Typed.Status());
        assertThat(Typed.parse("  WHO ", FILES)).isEqualTo(new Typed.Who());
        assertThat(Typed.parse("Ping", FILES)).isEqualTo(new Typed.Ping());
        assertThat(Typed.parse("quit", FILES)).isEqualTo(new Typed.Exit());
        assertThat(Typed.parse("", FILES)).isEqualTo(new Typed.Blank());
    }

    @Test
    void aLineThatIsAFileNameDownloadsIt() {
        assertThat(Typed.parse("sample.txt", FILES)).isEqualTo(new Typed.Get(List.of("sample.txt")));
        assertThat(Typed.parse("my notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("my notes.txt")));
    }

    @Test
    void aCommandWordAloneIsTheCommandEvenIfAFileHasThatName() {
        assertThat(Typed.parse("list", FILES)).isEqualTo(new Typed.ListFiles());
        assertThat(Typed.parse("get list", FILES)).isEqualTo(new Typed.Get(List.of("list")));
    }

    @Test
    void getTakesSeveralNamesQuotedOrAKnownNameWithSpaces() {
        assertThat(Typed.parse("get sample.txt \"other file.bin\" x", FILES))
                .isEqualTo(new Typed.Get(List.of("sample.txt", "other file.bin", "x")));
        assertThat(Typed.parse("get my notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("my notes.txt")));
        assertThat(Typed.parse("get", FILES)).isInstanceOf(Typed.Invalid.class);
        assertThat(Typed.parse("get \"\"", FILES)).isEqualTo(new Typed.Get(List.of("")));
    }

    @Test
    void anythingElseIsAMessage() {
        assertThat(Typed.parse("hello there", FILES)).isEqualTo(new Typed.Say("hello there"));
        assertThat(Typed.parse("listing is fun", FILES)).isEqualTo(new Typed.Say("listing is fun"));
        assertThat(Typed.parse("status report at noon", FILES)).isEqualTo(new Typed.Say("status report at noon"));
        assertThat(Typed.parse("exit strategy", FILES)).isEqualTo(new Typed.Say("exit strategy"));
    }
}
