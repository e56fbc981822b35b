package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * If memory runs out all the same, ferryd's log says so and it exits with status 3, for a service
 * manager to restart it. A real ferryd is given almost no native buffer memory
 * ({@code -XX:MaxDirectMemorySize}), so its first connection runs it out.
 */
@Timeout(60)
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void runningOutOfMemoryIsLoggedAndExitsWithStatusThree() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path log = dir.resolve("logs").resolve("ferryd.log");
        try (DaemonProcess ferryd = DaemonProcess.start(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=16k"),
                // plain text: TLS's own start-up needs more native memory than this leaves
                "--port", "0", "--repo", repository.toString(), "--log-file", log.toString(), "--no-tls")) {
            long started = System.nanoTime();
            try (RawClient client = RawClient.connectPlain(ferryd.address())) {
                client.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "oom"));
                client.closedByServer();
            } catch (IOException e) {
                // the process may be gone before the HELLO is out
            }
            OptionalInt status = ferryd.awaitExit(Duration.ofSeconds(30));
            long exitedAfter = (System.nanoTime() - started) / 1_000_000;
            assertThat(status).as("exit status").hasValue(3);
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String line = lines.stream().filter(l -> l.contains(" out of memory in ")).findFirst().orElse(null);
            assertThat(line).as("the log line saying why ferryd stopped").isNotNull()
                    .contains("ERROR").contains("direct buffer memory").contains("exits with status 3");
            assertThat(ferryd.output()).as("nothing on the console: the log has it").doesNotContain("Exception");
            Figures.record("memory", "ferryd -XX:MaxDirectMemorySize=16k: its first connection ran native buffer memory out;"
                    + " it exited with status 3 " + exitedAfter + " ms after the connection, its log saying: "
                    + line.substring(line.indexOf("out of memory")));
        }
    }
}
