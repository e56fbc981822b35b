package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.command.Typed;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompletionTest {
    static final Set<String> FILES = Set.of("sample.txt", "samples.zip", "my notes.txt", "large_file.txt");
    static final Set<String> CLIENTS = Set.of("Client02", "Client03");

    static Completion at(String line) {
        return Completion.at(line, line.length(), FILES, CLIENTS);
    }

    @Test
    void theFirstWordIsACommand() {
        assertThat(at("").candidates()).containsExactlyElementsOf(List.copyOf(new java.util.TreeSet<>(Typed.COMMANDS)));
        assertThat(at("l").candidates()).containsExactly("list");
        assertThat(at("m").candidates()).containsExactly("msg");
    }

    @Test
    void afterGetTheServersFileNamesAndAfterMsgTheClients() {
        Completion sam = at("get sam");
        assertThat(sam.start()).isEqualTo(4);
        assertThat(sam.candidates()).containsExactly("sample.txt", "samples.zip");
        assertThat(sam.shared()).isEqualTo("sample");
        assertThat(at("get sample.txt la").candidates()).containsExactly("large_file.txt");
        assertThat(at("get \"my").candidates()).containsExactly("my notes.txt");
        assertThat(at("get \"my").start()).isEqualTo(4);
        assertThat(at("get --ov").candidates()).containsExactly("--overwrite");
        assertThat(at("msg C").candidates()).containsExactly("Client02", "Client03");
        assertThat(at("msg Client02 sam").candidates()).as("the message itself").isEmpty();
        assertThat(at("hello sam").candidates()).isEmpty();
    }

    @Test
    void aNameWithASpaceIsTypedInQuotesAndSingleQuotesReadLikeDoubleOnes() {
        assertThat(Completion.typed("my notes.txt")).isEqualTo("\"my notes.txt\"");
        assertThat(Completion.typed("sample.txt")).isEqualTo("sample.txt");
        assertThat(Typed.parse("get 'my notes.txt' \"it's.txt\"", Set.of()))
                .isEqualTo(new Typed.Get(List.of("my notes.txt", "it's.txt")));
    }
}
