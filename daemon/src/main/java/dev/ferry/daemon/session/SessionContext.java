package dev.ferry.daemon.session;

import dev.ferry.daemon.access.AuthGuard;
import dev.ferry.daemon.access.KeyRing;
import dev.ferry.daemon.bandwidth.Bandwidth;
import dev.ferry.daemon.changes.ChangeFeed;
import dev.ferry.daemon.history.ConnectionTable;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.DigestCache;
import dev.ferry.daemon.transfer.UploadSite;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of one daemon shares.
 *
 * @param clock  wall time, for the history and what clients are told
 * @param ticker monotonic time, for every timeout
 * @param memory what the sessions' waiting replies may take, all together
 * @param keys   the access keys, as the keys file has them now
 * @param guard  failed access keys by address, and lockouts
 * @param changes the FILES_CHANGED events, and where a WATCH is answered
 * @param uploads what every session's uploads share: names in progress, limits, partials held
 * @param bandwidth the limits on file data, and each connection's pacer
 */
public record SessionContext(
        DaemonConfig config,
        Repository repository,
        SessionRegistry registry,
        ConnectionTable table,
        DigestCache digests,
        Executor writers,
        ScheduledExecutorService timer,
        Clock clock,
        NanoClock ticker,
        Instant startedAt,
        MemoryBudget memory,
        KeyRing keys,
        AuthGuard guard,
        ChangeFeed changes,
        UploadSite uploads,
        Bandwidth bandwidth) {}
