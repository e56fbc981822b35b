package dev.ferry.client.cli;

import dev.ferry.client.bench.HashBound;
import dev.ferry.client.bench.Report;
import dev.ferry.client.bench.Scenarios;
import dev.ferry.client.connection.ClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry bench}: a load generator for a running ferryd, as redis-benchmark is for Redis.
 * Each scenario prints its figures; {@code --tsv} prints them for scripts.
 */
@Command(name = "bench", description = "Load a running ferryd and print what it measured.",
        subcommands = {BenchCommand.Small.class, BenchCommand.Ping.class, BenchCommand.Fair.class,
                BenchCommand.Scale.class, BenchCommand.Live.class, BenchCommand.Sha256.class})
final class BenchCommand {

    @ParentCommand
    FerryCommand root;

    /** What every scenario takes. */
    static final class Common {
        @Option(names = "--tsv", description = "Print metric, value and unit separated by tabs.")
        boolean tsv;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR",
                description = "Folder to download into (default: a temporary folder, removed afterwards).")
        Path folder;
    }

    abstract static class Scenario implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Spec
        CommandSpec spec;

        @Mixin
        Common common;

        abstract Report run(Scenarios scenarios) throws Exception;

        @Override
        public Integer call() throws Exception {
            FerryCommand root = bench.root;
            ClientOptions server = root.server();
            Warmup.awaitLogging();
            Path folder = common.folder != null ? common.folder : Files.createTempDirectory("ferry-bench");
            try {
                run(new Scenarios(server, folder)).print(spec.commandLine().getOut(), common.tsv);
                return ExitCodes.OK;
            } catch (dev.ferry.client.failure.FerryException e) {
                spec.commandLine().getErr().println("ferry: bench: " + dev.ferry.client.wording.Formats.failure(e));
                return ExitCodes.of(e);
            } finally {
                if (common.folder == null) {
                    PathUtils.deleteDirectory(folder);
                }
            }
        }
    }

    @Command(name = "small", description = "Sequential gets of one small file on one connection.")
    static final class Small extends Scenario {
        @Option(names = "--file", required = true, paramLabel = "NAME", description = "A small file on the server.")
        String file;

        @Option(names = "-n", defaultValue = "1000", paramLabel = "COUNT", description = "Gets to time (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--warm-up", defaultValue = "100", paramLabel = "COUNT",
                description = "Untimed gets first, on the same connection (default: ${DEFAULT-VALUE}).")
        int warmUp;

        @Override
        Report run(Scenarios scenarios) throws Exception {
            return scenarios.smallRequests(file, requests, warmUp);
        }
    }

    @Command(name = "ping", description = "Ping round trips, idle and with downloads in flight on the same connection.")
    static final class Ping extends Scenario {
        @Option(names = "--file", required = true, paramLabel = "NAME", description = "A large file on the server.")
        String file;

        @Option(names = "--load", defaultValue = "3", paramLabel = "N", description = "Downloads in flight (default: ${DEFAULT-VALUE}).")
        int loads;

        @Option(names = "-n", defaultValue = "1000", paramLabel = "COUNT", description = "Pings per phase (default: ${DEFAULT-VALUE}).")
        int pings;

        @Override
        Report run(Scenarios scenarios) throws Exception {
            return scenarios.pingUnderLoad(file, loads, pings);
        }
    }

    @Command(name = "fair", description = "Several clients download the same file at once.")
    static final class Fair extends Scenario {
        @Option(names = "--file", required = true, paramLabel = "NAME", description = "A large file on the server.")
        String file;

        @Option(names = "--clients", defaultValue = "3", paramLabel = "N", description = "Clients at once (default: ${DEFAULT-VALUE}).")
        int clients;

        @Override
        Report run(Scenarios scenarios) throws Exception {
            return scenarios.fairShare(file, clients);
        }
    }

    @Command(name = "scale", description = "Many clients connected at once, each listing and pinging.")
    static final class Scale extends Scenario {
        @Option(names = "--clients", defaultValue = "1000", paramLabel = "N", description = "Clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--connect-threads", defaultValue = "32", paramLabel = "N",
                description = "Connections opened in parallel (default: ${DEFAULT-VALUE}).")
        int threads;

        @Override
        Report run(Scenarios scenarios) throws Exception {
            return scenarios.scale(clients, threads);
        }
    }

    @Command(name = "live", description = "Files renamed into the served folder, one at a time: the time to each one's event.")
    static final class Live extends Scenario {
        @Option(names = "--repo", required = true, paramLabel = "DIR",
                description = "The folder ferryd serves, on this machine; the files are made beside it and renamed in.")
        Path repository;

        @Option(names = "--renames", defaultValue = "200", paramLabel = "N", description = "Renames to time (default: ${DEFAULT-VALUE}).")
        int renames;

        @Override
        Report run(Scenarios scenarios) throws Exception {
            return dev.ferry.client.bench.RenameLatency.measure(bench.root.server(), repository, renames);
        }
    }

    @Command(name = "sha256", description = "How long this JVM takes to hash data in memory: the floor under any verified transfer.")
    static final class Sha256 implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--bytes", defaultValue = "1073741824", paramLabel = "N", description = "Bytes to hash (default: 1 GiB).")
        long bytes;

        @Option(names = "--runs", defaultValue = "7", paramLabel = "N", description = "Runs; the median is reported (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--tsv", description = "Print metric, value and unit separated by tabs.")
        boolean tsv;

        @Override
        public Integer call() throws Exception {
            HashBound.measure(bytes, runs).print(spec.commandLine().getOut(), tsv);
            return ExitCodes.OK;
        }
    }
}
