package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ferryd's settings file: what it sets, what wins over it, and how a mistake in it reads. */
@Timeout(30)
class FerrydSettingsTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = FerrydCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return FerrydCommand.execute(cli, Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()),
                dir.resolve("etc/ferryd.conf"), args);
    }

    Path file(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.List.of(lines));
        return file;
    }

    String line(String key) {
        return out.toString().lines().filter(l -> l.startsWith(key + " ")).findFirst().orElse("(no " + key + " line)");
    }

    @Test
    void aSettingsFileSetsThePortAndAFlagWinsOverIt() throws IOException {
        Path conf = file("ferryd.conf", "# test", "port = 6123", "max-clients = 7");

        assertThat(run("--config", conf.toString(), "config")).isEqualTo(0);
        assertThat(line("port")).matches("port +\\= 6123 +# " + java.util.regex.Pattern.quote(conf + " line 2"));
        assertThat(line("max-clients")).matches("max-clients += 7 +# .* line 3");
        assertThat(line("host")).matches("host += 127\\.0\\.0\\.1 +# default");

        out.getBuffer().setLength(0);
        assertThat(run("--config=" + conf, "--port", "6124", "config")).isEqualTo(0);
        assertThat(line("port")).matches("port += 6124 +# command line");
        assertThat(line("max-clients")).matches("max-clients += 7 +# .* line 3");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theUsersFileIsReadWhenNoneIsNamedAndBeforeTheSystemOne() throws IOException {
        file("etc/ferryd.conf", "port = 7001", "max-clients = 9");
        Path user = file("xdg/ferry/ferryd.conf", "port = 7002");

        assertThat(run("config")).isEqualTo(0);
        assertThat(out.toString()).startsWith("# settings file: " + user + "\n");
        assertThat(line("port")).matches("port += 7002 .*");
        assertThat(line("max-clients")).matches("max-clients += 3 +# default");
    }

    @Test
    void theSystemFileIsReadWhenTheUserHasNone() throws IOException {
        Path system = file("etc/ferryd.conf", "port = 7001");
        assertThat(run("config")).isEqualTo(0);
        assertThat(line("port")).isEqualTo(String.format("%-18s = %-32s # %s", "port", "7001", system + " line 1"));
    }

    @Test
    void aLineThatIsNotASettingIsOneLineNamingFileLineAndKey() throws IOException {
        Path conf = file("bad.conf", "port = 6000", "max-clients 5");
        assertThat(run("--config", conf.toString(), "--repo", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ferryd: " + conf + " line 2: 'max-clients' has no '=': write 'name = value'\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownKeyIsOneLineListingTheSettings() throws IOException {
        Path conf = file("bad.conf", "prot = 6000");
        assertThat(run("--config", conf.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ferryd: " + conf + " line 1: 'prot' is not a setting (settings: ")
                .contains("port").doesNotContain("config,").endsWith(")\n").hasLineCount(1);
    }

    @Test
    void aValueOfTheWrongTypeIsOneLineNamingFileLineAndKey() throws IOException {
        Path conf = file("bad.conf", "", "port = fifty");
        assertThat(run("--config", conf.toString(), "config")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ferryd: " + conf + " line 2: 'port' has a bad value: 'fifty' is not an int")
                .hasLineCount(2); // and the hint to try --help
    }

    @Test
    void aNamedFileThatDoesNotExistIsOneLine() {
        assertThat(run("--config", dir.resolve("nope.conf").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ferryd: settings file " + dir.resolve("nope.conf") + " does not exist\n");
    }

    @Test
    void helpWorksWhateverTheFileSays() throws IOException {
        Path conf = file("bad.conf", "nonsense");
        assertThat(run("--config", conf.toString(), "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--config=FILE");
    }
}
