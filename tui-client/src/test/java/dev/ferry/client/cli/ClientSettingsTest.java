package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.TestDaemon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ferry's settings file, $XDG_CONFIG_HOME/ferry/config: what it sets, what wins, and its mistakes. */
@Timeout(30)
class ClientSettingsTest {

    @TempDir
    Path dir;

    TestDaemon daemon;
    Path xdg;

    @BeforeEach
    void start() throws IOException {
        Path repository = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repository.resolve("a.txt"), "hello");
        daemon = TestDaemon.start(repository);
        xdg = dir.resolve("xdg");
        // a server this user trusted before: its fingerprint is pinned
        new dev.ferry.client.trust.KnownServers(xdg.resolve("ferry").resolve("known_servers"))
                .add("127.0.0.1:" + daemon.port(), daemon.fingerprint());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    Path settings(String... lines) throws IOException {
        Path file = xdg.resolve("ferry/config");
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
        return file;
    }

    CommandRun ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Streams streams = new Streams(new ByteArrayInputStream(new byte[0]), false, false, false);
        int status = FerryCommand.execute(streams, new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("XDG_CONFIG_HOME", xdg.toString(), "HOME", dir.toString()), args);
        return new CommandRun(status, out.toString(), err.toString());
    }

    @Test
    void theFileNamesTheServerAndTheDownloadFolder() throws IOException {
        settings("# my server", "host = 127.0.0.1", "port = " + daemon.port(), "output = " + dir.resolve("dl"));

        CommandRun get = ferry("get", "a.txt");

        assertThat(get.err()).isEmpty();
        assertThat(get.status()).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("dl/a.txt"))).isEqualTo("hello");
    }

    @Test
    void aFlagWinsOverTheFile() throws IOException {
        Path file = settings("port = 1", "output = " + dir.resolve("dl"));

        CommandRun get = ferry("--port", Integer.toString(daemon.port()), "get", "a.txt", "-o", dir.resolve("other").toString());

        assertThat(get.status()).as(get.err()).isEqualTo(0);
        assertThat(dir.resolve("other/a.txt")).exists();
        assertThat(dir.resolve("dl")).doesNotExist();

        CommandRun config = ferry("config", "--port", "7");
        assertThat(config.out()).contains("# settings file: " + file + "\n")
                .containsPattern("port += 7 +# command line")
                .containsPattern("output += " + dir.resolve("dl") + " +# " + file + " line 2")
                .containsPattern("host += 127\\.0\\.0\\.1 +# default");
    }

    @Test
    void configWithoutAFileSaysSoAndShowsTheDefaults() {
        CommandRun config = ferry("--limit-rate", "2m", "config");
        assertThat(config.status()).isEqualTo(0);
        assertThat(config.out()).startsWith("# settings file: " + xdg.resolve("ferry/config") + " (none there)\n")
                .containsPattern("port += 50000 +# default")
                .containsPattern("output += downloads +# default")
                .containsPattern("limit-rate += 2097152 \\(bytes a second\\) +# command line");
    }

    @Test
    void anUnknownKeyIsOneLineNamingFileLineAndKey() throws IOException {
        Path file = settings("host = x", "server = y");
        CommandRun run = ferry("who");
        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("ferry: " + file + " line 2: 'server' is not a setting (settings: host, limit-rate, output, port)\n");
    }

    @Test
    void aBadValueIsOneLineNamingFileLineAndKey() throws IOException {
        Path file = settings("", "", "limit-rate = fast");
        CommandRun run = ferry("who");
        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst()).hasValue("ferry: " + file
                + " line 3: 'limit-rate' has a bad value: 'fast' is not a rate such as 500K, 10M or 1048576 (bytes per second)");
    }

    @Test
    void versionWorksWhateverTheFileSays() throws IOException {
        settings("nonsense");
        CommandRun run = ferry("--version");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.out()).startsWith("ferry ");
    }
}
