package dev.ferry.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user meets it: unpacked into an empty folder, with no source tree and
 * no Maven, run from another folder, on the JDK these tests run on (JAVA_HOME).
 */
@Timeout(180)
class ReleaseArchiveIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("ferry.archive"));

    @TempDir
    static Path dir;

    static Path release;
    static Path elsewhere;

    @BeforeAll
    static void unpack() throws Exception {
        Path into = Files.createDirectories(dir.resolve("unpacked"));
        Result tar = run(into, List.of("tar", "-xzf", ARCHIVE.toString(), "-C", into.toString()));
        assertThat(tar.status()).as(tar.output()).isZero();
        try (var entries = Files.list(into)) {
            release = entries.findFirst().orElseThrow();
        }
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    }

    record Result(int status, String output) {}

    /** Runs a command in FOLDER with a plain environment: no Maven on the PATH, this JDK as JAVA_HOME. */
    static Result run(Path folder, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        plainEnvironment(builder.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), output);
    }

    static void plainEnvironment(Map<String, String> env) {
        env.keySet().removeIf(key -> key.startsWith("MAVEN") || key.startsWith("FERRY") || key.startsWith("XDG"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("MANWIDTH", "100");
    }

    @Test
    void theArchiveHoldsBothProgramsTheirPagesCompletionAndTheUnit() {
        for (String file : List.of("bin/ferry", "bin/ferryd", "lib/ferry/ferry.jar", "lib/ferry/ferryd.jar",
                "share/man/man1/ferry.1", "share/man/man1/ferryd.1",
                "share/bash-completion/completions/ferry", "share/bash-completion/completions/ferryd",
                "share/zsh/site-functions/_ferry", "share/zsh/site-functions/_ferryd",
                "share/ferry/ferryd.service", "share/ferry/ferryd.conf", "README.md", "install.sh")) {
            assertThat(release.resolve(file)).as(file).isRegularFile();
        }
        assertThat(release.resolve("bin/ferry")).isExecutable();
        assertThat(release.resolve("bin/ferryd")).isExecutable();
        assertThat(release.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void ferryAndFerrydRunFromAnotherFolderAndAFileIsFetched() throws Exception {
        Result version = run(elsewhere, List.of(release.resolve("bin/ferry").toString(), "--version"));
        assertThat(version.status()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("ferry ").doesNotContain("AOT").doesNotContain("build");

        Path repo = Files.createDirectories(dir.resolve("served"));
        Files.writeString(repo.resolve("hello.txt"), "hello from the archive\n");
        ProcessBuilder daemon = new ProcessBuilder(release.resolve("bin/ferryd").toString(), "--port", "0",
                "--repo", repo.toString(), "--log-file", dir.resolve("ferryd.log").toString(),
                "--state-dir", dir.resolve("state").toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true);
        plainEnvironment(daemon.environment());
        Process ferryd = daemon.start();
        try {
            Matcher listening = listeningLine(ferryd);
            // no terminal to ask at: the client trusts the server by the fingerprint ferryd printed
            Result get = run(elsewhere, List.of(release.resolve("bin/ferry").toString(), "--port", listening.group(1),
                    "--fingerprint", listening.group(2), "get", "hello.txt"));
            assertThat(get.status()).as(get.output()).isZero();
            assertThat(elsewhere.resolve("downloads/hello.txt")).hasContent("hello from the archive");
        } finally {
            ferryd.destroy();
            assertThat(ferryd.waitFor(20, TimeUnit.SECONDS)).as("ferryd stopped").isTrue();
        }
    }

    /**
     * ferryd's "listening on 127.0.0.1:PORT (TLS 1.3 with ENGINE, fingerprint SHA256:…)" line, read
     * as it comes: the port is group 1, the fingerprint group 2.
     */
    private static Matcher listeningLine(Process ferryd) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(ferryd.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e + ")");
            }
        }, "ferryd-output");
        reader.setDaemon(true);
        reader.start();
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(TLS 1\\.3 with \\w+, fingerprint (SHA256:[A-Za-z0-9+/]{43})\\)");
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = listening.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("ferryd did not say it listens; it said:\n" + seen);
    }

    @Test
    void manRendersBothPagesWithEveryCommand() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man is not installed (.ci/run installs it)");
        Result ferry = run(elsewhere, List.of("man", "-l", release.resolve("share/man/man1/ferry.1").toString()));
        assertThat(ferry.status()).as(ferry.output()).isZero();
        assertThat(ferry.output()).contains("NAME", "SYNOPSIS", "OPTIONS", "COMMANDS", "--host=HOST",
                "ferry get", "ferry who", "ferry config", "--limit-rate=RATE").doesNotContain("\\f", "%n");

        Result ferryd = run(elsewhere, List.of("man", "-l", release.resolve("share/man/man1/ferryd.1").toString()));
        assertThat(ferryd.status()).as(ferryd.output()).isZero();
        assertThat(ferryd.output()).contains("NAME", "--repo=FOLDER", "--config=FILE", "--max-clients=N", "ferryd config")
                .doesNotContain("--chunk-size");
    }

    @Test
    void bashCompletionLoadsAndCompletesSubcommandsAndFlags() throws Exception {
        Path ferry = release.resolve("share/bash-completion/completions/ferry");
        Result words = run(elsewhere, List.of("bash", "-c", "source " + ferry + " && COMP_WORDS=(ferry '') && COMP_CWORD=1"
                + " && COMP_LINE='ferry ' && COMP_POINT=6 && _picocli_ferry && printf '%s\\n' \"${COMPREPLY[@]}\""));
        assertThat(words.status()).as(words.output()).isZero();
        assertThat(words.output().lines()).contains("get", "list", "who", "shell", "config");

        Path ferryd = release.resolve("share/bash-completion/completions/ferryd");
        Result flags = run(elsewhere, List.of("bash", "-c", "source " + ferryd + " && COMP_WORDS=(ferryd --ma) && COMP_CWORD=1"
                + " && COMP_LINE='ferryd --ma' && COMP_POINT=11 && _picocli_ferryd && printf '%s\\n' \"${COMPREPLY[@]}\""));
        assertThat(flags.status()).as(flags.output()).isZero();
        assertThat(flags.output().lines()).contains("--max-clients", "--max-transfers");
    }

    @Test
    void zshCompletionIsAFunctionZshCanRead() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed");
        Path file = release.resolve("share/zsh/site-functions/_ferry");
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("#compdef ferry");
        Result parse = run(elsewhere, List.of("zsh", "-n", file.toString()));
        assertThat(parse.status()).as(parse.output()).isZero();
    }

    @Test
    void theServiceUnitIsRatedTwoOrBetterBySystemd() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed (.ci/run installs it)");
        Result analyze = run(elsewhere, List.of("systemd-analyze", "security", "--offline=true", "--no-pager",
                release.resolve("share/ferry/ferryd.service").toString()));
        Matcher exposure = Pattern.compile("Overall exposure level for ferryd\\.service: (\\d+\\.\\d+)").matcher(analyze.output());
        assertThat(exposure.find()).as(analyze.output()).isTrue();
        assertThat(Double.parseDouble(exposure.group(1))).as(analyze.output()).isLessThanOrEqualTo(2.0);
        assertThat(Files.readString(release.resolve("share/ferry/ferryd.service")))
                .contains("DynamicUser=yes", "StateDirectory=ferry", "LogsDirectory=ferry")
                .doesNotContain("\nMemoryDenyWriteExecute=");
    }
}
