package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped ferryd.jar under the C locale, as systemd or a bare container starts it: the JVM then
 * reads file names as ASCII. A name outside ASCII must not break the listing or a request, and the
 * daemon must say what is wrong. The same jar under C.UTF-8 serves the name, which shows the
 * locale is what differs.
 */
@Timeout(60)
class NonUtf8LocaleIT {
    static final Path JAR = Path.of(System.getProperty("ferryd.jar", "target/ferryd.jar"));
    static final String CAFE = "café menu.txt";

    @TempDir
    Path dir;

    Path repository;
    Path log;

    @BeforeEach
    void fillRepository() throws IOException {
        repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Files.writeString(repository.resolve(CAFE), "soupe du jour\n", StandardCharsets.UTF_8);
        log = dir.resolve("ferryd.log");
    }

    @Test
    void underTheCLocaleTheListingSkipsTheNameAndAGetOfItIsACleanRefusal() throws Exception {
        try (DaemonProcess daemon = start("C");
                RawClient client = RawClient.admitted(daemon.address())) {
            assertThat(names(list(client, 1))).containsExactly("large_file.txt", "sample.txt", "test1.txt");

            client.send(2, new Message.Get(CAFE, 0));
            Frame refused = client.next();
            assertThat(refused.id()).isEqualTo(2);
            assertThat(refused.message()).isEqualTo(new Message.ErrorReply(ErrorCode.BAD_NAME, "refused " + CAFE
                    + ": this server can only open file names in US-ASCII (ferryd is not running under a UTF-8 locale)"));

            assertThat(names(list(client, 3))).as("the session goes on").contains("sample.txt");
            assertThat(daemon.output()).contains("ferryd: warning: file names are read as US-ASCII, not UTF-8, so files"
                    + " whose names are not plain ASCII cannot be served; run ferryd under a UTF-8 locale (for example"
                    + " LANG=C.UTF-8)");
            daemon.terminate();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).hasValue(0);
        }
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("WARN  [main] Ferryd: file names are read as US-ASCII, not UTF-8")
                .contains("WARN  [ferry-conn Client01 127.0.0.1:")
                .contains("Repository: not listing caf\\xC3\\xA9 menu.txt: its name is not plain ASCII and file names"
                        + " are read as US-ASCII; run ferryd under a UTF-8 locale (for example LANG=C.UTF-8) to serve it")
                .contains("Client01 GET refused: refused " + CAFE)
                .doesNotContain("ERROR", "Exception");
    }

    @Test
    void underAUtf8LocaleTheSameJarListsAndServesTheName() throws Exception {
        try (DaemonProcess daemon = start("C.UTF-8");
                RawClient client = RawClient.admitted(daemon.address())) {
            assertThat(names(list(client, 1))).containsExactly("café menu.txt", "large_file.txt", "sample.txt", "test1.txt");
            client.send(2, new Message.Get(CAFE, 0));
            assertThat(client.next().message()).isInstanceOfSatisfying(Message.FileHeader.class,
                    header -> assertThat(header.size()).isEqualTo(14));
            assertThat(new String(dataOf(client), StandardCharsets.UTF_8)).isEqualTo("soupe du jour\n");
            assertThat(client.next().message()).isInstanceOf(Message.FileEnd.class);
            assertThat(daemon.output()).doesNotContain("warning");
        }
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    /** ferryd.jar in the locale {@code locale} and no other locale setting, as a service would start it. */
    private DaemonProcess start(String locale) throws Exception {
        return DaemonProcess.startJar(JAR, env -> onlyLocale(env, locale), List.of("-XX:+UseSerialGC"),
                "--port", "0", "--repo", repository.toString(), "--log-file", log.toString());
    }

    static void onlyLocale(Map<String, String> env, String locale) {
        env.keySet().removeIf(key -> key.equals("LANG") || key.equals("LANGUAGE") || key.startsWith("LC_"));
        env.put("LC_ALL", locale);
    }

    private static List<FileEntry> list(RawClient client, int id) throws IOException {
        client.send(id, new Message.ListFiles());
        List<FileEntry> files = new ArrayList<>();
        for (int pages = 0; pages < 100; pages++) {
            Frame frame = client.next();
            assertThat(frame.id()).isEqualTo(id);
            Message.FileList page = (Message.FileList) frame.message();
            files.addAll(page.files());
            if (page.last()) {
                return files;
            }
        }
        throw new AssertionError("no last page in 100");
    }

    private static List<String> names(List<FileEntry> files) {
        return files.stream().map(FileEntry::name).toList();
    }

    private static byte[] dataOf(RawClient client) throws IOException {
        Frame frame = client.next();
        assertThat(frame.message()).isInstanceOf(Message.Data.class);
        return client.data();
    }
}
