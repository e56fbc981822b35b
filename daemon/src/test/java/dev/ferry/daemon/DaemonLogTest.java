package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log says about a short session, read from the file the shipped configuration
 * (ferryd-logback.xml, as FerrydCommand loads it) writes in a ferryd process of its own.
 */
@Timeout(60)
class DaemonLogTest {
    /** Every line starts with this: date, time to the millisecond, level and thread; then the logger. */
    static final String STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR|DEBUG) \\[[^\\]]+\\] ";
    static final String SAMPLE_SHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @TempDir
    Path dir;

    @Test
    void aSessionLeavesItsStartAcceptsRefusalTransferDisconnectAndShutdownInTheLogWithTimestamps() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path log = dir.resolve("logs/ferryd.log");
        int port;
        int first;
        int refusedPort;
        int second;
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--log-file", log.toString(), "--max-clients", "2")) {
            port = daemon.port();
            RawClient one = RawClient.admitted(daemon.address());
            first = one.socket().getLocalPort();
            one.send(1, new Message.ListFiles());
            assertThat(one.next().message()).isInstanceOf(Message.FileList.class);
            one.send(2, new Message.Get("sample.txt", 0));
            assertThat(one.next().message()).isInstanceOf(Message.FileHeader.class);
            assertThat(one.next().message()).isInstanceOf(Message.Data.class);
            assertThat(one.next().message()).isInstanceOf(Message.FileEnd.class);

            try (RawClient two = RawClient.admitted(daemon.address())) {
                second = two.socket().getLocalPort();
                try (RawClient three = RawClient.hello(daemon.address())) {
                    refusedPort = three.socket().getLocalPort();
                    assertThat(three.next().message()).isInstanceOfSatisfying(Message.Refused.class,
                            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.SERVER_FULL));
                }
                two.send(9, new Message.Exit());
                Frame bye = two.next();
                assertThat(bye.message()).isEqualTo(new Message.Bye("bye"));
                assertThat(two.closedByServer()).isTrue();
            }
            daemon.terminate();
            assertThat(one.closedByServer()).isTrue();
            one.close();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).hasValue(0);
        }

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).as("every line is one timestamped event").allMatch(line -> line.matches(STAMP + "\\w+: .*"));
        String text = String.join("\n", lines);
        assertLogged(text, "Ferryd: ferryd \\S+ listening on 127\\.0\\.0\\.1:" + port
                + " \\(TLS 1\\.3 with (BoringSSL|JDK), fingerprint SHA256:[A-Za-z0-9+/]{43}\\), serving "
                + Pattern.quote(repository.toRealPath().toString()) + ", at most 2 clients \\(.*\\)");
        assertLogged(text, "Ferryd: connection from 127\\.0\\.0\\.1:" + first);
        assertLogged(text, "Session: Client01 connected from 127\\.0\\.0\\.1:" + first + " \\(1 of 2\\)");
        assertLogged(text, "Session: Client02 connected from 127\\.0\\.0\\.1:" + second + " \\(2 of 2\\)");
        assertLogged(text, "Session: 127\\.0\\.0\\.1:" + refusedPort + " refused: server full: 2 of 2 clients are"
                + " connected; try again when one leaves");
        assertLogged(text, "Downloads: Client01 sent sample\\.txt: 6 bytes from offset 0 in \\d+\\.\\d ms,"
                + " sha256=" + SAMPLE_SHA256);
        assertLogged(text, "Session: Client02 disconnected: exit \\(connected \\d+ m?s\\)");
        assertLogged(text, "Ferryd: shutting down: 1 client connected, \\d+ connections? open, 3 connections served"
                + " since start");
        assertLogged(text, "Session: Client01 disconnected: server shutting down \\(connected \\d+ m?s\\)");
        assertLogged(text, "Ferryd: stopped in \\d+ ms");
    }

    private static void assertLogged(String log, String event) {
        assertThat(log).as("the log has a line for: " + event).containsPattern(Pattern.compile("(?m)^" + STAMP + event + "$"));
    }
}
