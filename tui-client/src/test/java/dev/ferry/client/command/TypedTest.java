package dev.ferry.client.command;

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
        assertThat(Typed.parse("say status report at noon", FILES)).isEqualTo(new Typed.Say("status report at noon"));
        assertThat(Typed.parse("SAY exit strategy", FILES)).isEqualTo(new Typed.Say("exit strategy"));
        assertThat(Typed.parse("say", FILES)).isEqualTo(new Typed.Invalid("usage: say TEXT (a message to everyone)"));
    }

    @Test
    void aLineThatStartsWithACommandWordIsThatCommandWithItsOptionsOrAUsageError() {
        assertThat(Typed.parse("list -b", FILES)).isEqualTo(new Typed.ListFiles(true));
        assertThat(Typed.parse("list --bytes", FILES)).isEqualTo(new Typed.ListFiles(true));
        assertThat(Typed.parse("list -x", FILES))
                .isEqualTo(new Typed.Invalid("list: unknown option -x; usage: list [-b|--bytes]"));
        assertThat(Typed.parse("ping -c 3", FILES)).isEqualTo(new Typed.Ping(3));
        assertThat(Typed.parse("ping -c3", FILES)).isEqualTo(new Typed.Ping(3));
        assertThat(Typed.parse("ping -c many", FILES))
                .isEqualTo(new Typed.Invalid("ping: COUNT must be a number, not many; usage: ping [-c COUNT] (COUNT from 1 to 100)"));
        assertThat(Typed.parse("ping -c 0", FILES)).isInstanceOf(Typed.Invalid.class);
        assertThat(Typed.parse("ping -c 3 x", FILES)).isEqualTo(
                new Typed.Invalid("ping: unexpected argument x; usage: ping [-c COUNT] (COUNT from 1 to 100)"));
        assertThat(Typed.parse("ping -c", FILES)).isEqualTo(
                new Typed.Invalid("ping: -c needs a COUNT; usage: ping [-c COUNT] (COUNT from 1 to 100)"));
        assertThat(Typed.parse("ping -x", FILES)).isEqualTo(
                new Typed.Invalid("ping: unknown option -x; usage: ping [-c COUNT] (COUNT from 1 to 100)"));
        assertThat(Typed.parse("list -- -x", FILES))
                .isEqualTo(new Typed.Invalid("list: unexpected argument -x; usage: list [-b|--bytes]"));
        assertThat(Typed.parse("list -b --", FILES)).isEqualTo(new Typed.ListFiles(true));
        assertThat(Typed.parse("status extra", FILES))
                .isEqualTo(new Typed.Invalid("status takes no arguments; to send this as a message: say status extra"));
        assertThat(Typed.parse("who am i", FILES))
                .isEqualTo(new Typed.Invalid("who takes no arguments; to send this as a message: say who am i"));
        assertThat(Typed.parse("uptime now", FILES)).isInstanceOf(Typed.Invalid.class);
        assertThat(Typed.parse("exit strategy", FILES)).isInstanceOf(Typed.Invalid.class);
        assertThat(Typed.parse("get -x", FILES)).isEqualTo(new Typed.Invalid(
                "get: unknown option -x; usage: get [--overwrite] NAME... (-- or quotes before a name that starts with -)"));
    }

    @Test
    void msgSendsTheRestOfTheLineToOneClient() {
        assertThat(Typed.parse("msg Client02 see you at  noon ", FILES)).isEqualTo(new Typed.Msg("Client02", "see you at  noon"));
        assertThat(Typed.parse("msg Client02", FILES))
                .isEqualTo(new Typed.Invalid("usage: msg NAME TEXT (a message to one client; 'who' lists them)"));
    }

    @Test
    void getOverwriteReplacesAndDashDashEndsTheOptions() {
        assertThat(Typed.parse("get --overwrite sample.txt x", FILES)).isEqualTo(new Typed.Get(List.of("sample.txt", "x"), true));
        assertThat(Typed.parse("GET --overwrite my notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("my notes.txt"), true));
        assertThat(Typed.parse("get -- --overwrite", FILES)).isEqualTo(new Typed.Get(List.of("--overwrite"), false));
        assertThat(Typed.parse("get \"--overwrite\"", FILES)).isEqualTo(new Typed.Get(List.of("--overwrite"), false));
        assertThat(Typed.parse("get --overwrite -- --x", FILES)).isEqualTo(new Typed.Get(List.of("--x"), true));
        assertThat(Typed.parse("get -- -notes.txt", FILES)).isEqualTo(new Typed.Get(List.of("-notes.txt"), false));
        assertThat(Typed.parse("get \"-notes.txt\"", FILES)).isEqualTo(new Typed.Get(List.of("-notes.txt"), false));
    }

    @Test
    void anUnknownOptionOrNoNameIsSaidToBeWrong() {
        assertThat(Typed.parse("get --force sample.txt", FILES))
                .isEqualTo(new Typed.Invalid("get: unknown option --force; usage: get [--overwrite] NAME..."
                        + " (-- or quotes before a name that starts with -)"));
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
        assertThat(Replies.overwriteHint("sample.txt")).isEqualTo("to replace it: get --overwrite sample.txt");
        assertThat(Replies.overwriteHint("café menu.txt")).isEqualTo("to replace it: get --overwrite \"café menu.txt\"");
        assertThat(Typed.parse("get --overwrite \"café menu.txt\"", Set.of()))
                .isEqualTo(new Typed.Get(List.of("café menu.txt"), true));
    }
}
