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

    @Test
    void getOverwriteReplacesAndDashDashEndsTheOptions() {
        assertThat(Typed.parse("get --overwrite sample.txt x", FILES)).isEqualTo(new Typed.Get(List.of("sample.txt", "x"), true));
        assertThat(Typed.parse("GET --overwrite my notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("my notes.txt"), true));
        assertThat(Typed.parse("get -- --overwrite", FILES)).isEqualTo(new Typed.Get(List.of("--overwrite"), false));
        assertThat(Typed.parse("get \"--overwrite\"", FILES)).isEqualTo(new Typed.Get(List.of("--overwrite"), false));
        assertThat(Typed.parse("get --overwrite -- --x", FILES)).isEqualTo(new Typed.Get(List.of("--x"), true));
        assertThat(Typed.parse("get -notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("-notes.txt"), false));
    }

    @Test
    void anUnknownOptionOrNoNameIsSaidToBeWrong() {
        assertThat(Typed.parse("get --force sample.txt", FILES))
                .isEqualTo(new Typed.Invalid("get: unknown option --force; get takes --overwrite (and -- before a name that starts with --)"));
        assertThat(Typed.parse("get --overwrite", FILES)).isInstanceOfSatisfying(Typed.Invalid.class,
                invalid -> assertThat(invalid.message()).startsWith("usage: get [--overwrite] NAME..."));
    }

    @Test
    void aFileNamedLikeTheOptionIsStillAFile() {
        Set<String> files = Set.of("--overwrite");
        assertThat(Typed.parse("get --overwrite", files)).isEqualTo(new Typed.Get(List.of("--overwrite"), false));
    }

    @Test
    void theHintToReplaceAFileCanBeTypedAsItIs() {
        assertThat(Typed.overwriteHint("sample.txt")).isEqualTo("to replace it: get --overwrite sample.txt");
        assertThat(Typed.overwriteHint("café menu.txt")).isEqualTo("to replace it: get --overwrite \"café menu.txt\"");
        assertThat(Typed.parse("get --overwrite \"café menu.txt\"", Set.of()))
                .isEqualTo(new Typed.Get(List.of("café menu.txt"), true));
    }
}
