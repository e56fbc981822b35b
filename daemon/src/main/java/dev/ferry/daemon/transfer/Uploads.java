package dev.ferry.daemon.transfer;

import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.daemon.repository.PartialFile;
import dev.ferry.daemon.repository.UploadFolder;
import dev.ferry.daemon.repository.Writes;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's uploads, the mirror of its downloads: PUT is checked whole before a byte moves, the
 * data goes into a hidden partial as it arrives, hashed on the way, and PUT_END's digest decides
 * whether the partial takes its place under the name. All of it runs on the session's reader, which
 * writes what it reads at once through one buffer per session (taken from the daemon's memory
 * budget): however large the windows it grants, a client never makes the daemon hold more.
 *
 * <p>Only the reader changes uploads. The session may end on another thread ({@link #stopAll}),
 * which then only says what to tell the client; the reader lets go of the files once it is out of
 * its loop ({@link #close}).
 */
final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    /** The buffer every PUT_DATA payload passes through on its way to disk. */
    static final int BUFFER_BYTES = 256 * 1024;

    private final UploadSite site;
    private final UploadClient client;
    private final TransferSink out;
    private final UploadGrants grants;
    private final Map<Integer, Upload> running = new ConcurrentHashMap<>();
    /** Set by whichever thread ends the session; from then on the reader starts and finishes nothing. */
    private volatile boolean ended;
    /** Uploads {@link #close} let go of, for a {@link #stopAll} that comes after it. */
    private final List<Upload> letGo = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ByteBuffer buffer;

    Uploads(UploadSite site, UploadClient client, TransferSink out, UploadGrants grants) {
        this.site = site;
        this.client = client;
        this.out = out;
        this.grants = grants;
    }

    /** True while an upload with this id runs: its id is not free for another request. */
    boolean running(int id) {
        return running.containsKey(id);
    }

    /** Uploads running now. */
    int count() {
        return running.size();
    }

    /**
     * Opens an upload, or refuses it before a byte moves.
     *
     * @throws RequestFailure with the code that says why (READ_ONLY, BAD_NAME, TOO_LARGE, UPLOAD_BUSY,
     *     NOT_A_FILE, EXISTS, NO_SPACE, WRITE_FAILED)
     */
    void put(int id, Put put) throws RequestFailure {
        if (ended) {
            return;
        }
        if (!client.mayWrite()) {
            throw new RequestFailure(ErrorCode.READ_ONLY, site.unavailable().map(why -> "this server takes no uploads: " + why)
                    .orElse("this client may not upload here: "
                            + (client.keyLabel().isEmpty() ? "the server takes uploads only from access keys made to write"
                                    : "its access key may only read")));
        }
        String name = put.name();
        site.repository().checkName(name);
        long max = site.limits().maxSize();
        if (put.size() > max) {
            throw new RequestFailure(ErrorCode.TOO_LARGE, "refused " + name + ": " + put.size()
                    + " bytes is more than this server accepts (" + max + " bytes)");
        }
        if (!site.claim(name)) {
            throw new RequestFailure(ErrorCode.UPLOAD_BUSY, name + " is being uploaded now; try again when that upload ends");
        }
        UploadFolder folder = null;
        PartialFile partial = null;
        try {
            folder = site.repository().uploadFolder(name, client.keyId());
            UploadChecks.target(folder, put);
            long held = folder.attributes(folder.partialName()).filter(BasicFileAttributes::isRegularFile)
                    .map(BasicFileAttributes::size).orElse(0L);
            if (!put.resume() || held > put.size()) {
                held = 0;
            }
            UploadChecks.space(folder, name, put.size() - held, site.limits().minFreeSpace());
            partial = folder.openPartial(held > 0);
            if (partial.channel().size() != held) { // the partial changed since it was measured: start it again
                partial.close();
                partial = folder.openPartial(false);
                held = 0;
            }
            Object key = folder.attributes(folder.partialName()).map(BasicFileAttributes::fileKey).orElse(null);
            Upload upload = new Upload(id, name, put.size(), held, put.overwrite(), folder, partial, key, sha256(), 0);
            running.put(id, upload);
            site.holding(key, true);
            takeBuffer();
            if (held == 0) {
                ready(upload);
            } else {
                try {
                    site.prefixHashing().execute(() -> hashThenReady(upload));
                } catch (RejectedExecutionException e) { // the daemon is closing
                    stop(upload);
                    complete(upload, new ErrorReply(ErrorCode.SHUTTING_DOWN, "put " + name + " stopped: the server is"
                            + " shutting down; it keeps " + held + " bytes for a resume"));
                }
            }
            log.debug("{} put {}: {} bytes, {} held from before", client.name(), LogText.clip(name), put.size(), held);
        } catch (RequestFailure e) {
            abandon(name, folder, partial);
            throw e;
        } catch (IOException e) {
            abandon(name, folder, partial);
            throw Writes.failure(e, name + " cannot be written");
        } catch (RuntimeException e) {
            abandon(name, folder, partial);
            throw e;
        }
    }

    /**
     * Hashes what the server holds of an earlier attempt, on the daemon's hashing threads, then
     * opens the upload: the session's reader meanwhile goes on serving its other requests. If the
     * upload stopped meanwhile (CANCEL, the session's end), nothing is sent.
     */
    private void hashThenReady(Upload upload) {
        try {
            upload.hashHeld();
            ready(upload);
        } catch (IOException | RuntimeException e) {
            if (upload.stopped()) {
                return; // stopped under the hashing: its end has been said
            }
            log.warn("{} cannot resume {}: the partial held cannot be read: {}", client.name(), LogText.clip(upload.name()),
                    LogText.clip(e.toString()));
            stop(upload);
            complete(upload, new ErrorReply(ErrorCode.WRITE_FAILED, "the part of " + upload.name() + " the server held"
                    + " cannot be read; put it again without resuming"));
        }
    }

    /** Sends PUT_READY with the first window, unless the upload stopped; from any thread. */
    private void ready(Upload upload) {
        byte[] heldDigest = upload.heldDigest();
        synchronized (upload) {
            if (upload.stopped()) {
                return;
            }
            long window = grants.opening(upload.size() - upload.offset());
            upload.open(window);
            out.send(upload.id(), new PutReady(upload.offset(), heldDigest, (int) window));
        }
        grants.opened(upload);
    }

    /**
     * Takes one PUT_DATA payload off the reader and writes it. Data for an upload that is not
     * running (it ended while the data was on its way) is left for the reader to skip.
     *
     * @throws ProtocolException for data beyond the window the server granted or beyond the size announced
     * @throws IOException       if the connection fails while the payload is read
     */
    void data(int id, int length, FrameReader reader) throws IOException {
        Upload upload = running.get(id);
        if (upload == null || ended) {
            return;
        }
        if (length > upload.window()) {
            throw new ProtocolException("PUT_DATA of " + length + " bytes for request " + id + " is beyond its window ("
                    + upload.window() + " bytes granted and not yet used)");
        }
        if (upload.position() + length > upload.size()) {
            throw new ProtocolException("PUT_DATA for request " + id + " goes past the " + upload.size()
                    + " bytes its PUT announced");
        }
        upload.announced(length);
        ByteBuffer bytes = takeBuffer();
        while (reader.dataRemaining() > 0) {
            bytes.clear();
            reader.readData(bytes);
            bytes.flip();
            try {
                upload.write(bytes);
            } catch (IOException e) {
                fail(upload, Writes.failure(e, upload.name() + " could not be written on the server"), e);
                return; // the rest of the payload is skipped by the reader
            }
        }
        grants.written(upload, length);
    }

    /**
     * The client sent the whole file's digest: verify it, then put the file in place.
     *
     * @throws ProtocolException if the data is not all there yet
     */
    void end(int id, PutEnd end) throws ProtocolException {
        Upload upload = running.get(id);
        if (upload == null || ended) {
            return;
        }
        if (!upload.ready()) {
            throw new ProtocolException("PUT_END for request " + id + " before its PUT_READY");
        }
        if (upload.position() != upload.size()) {
            throw new ProtocolException("PUT_END for request " + id + " after " + upload.position() + " of "
                    + upload.size() + " bytes");
        }
        byte[] received = upload.finish();
        String name = upload.name();
        if (!MessageDigest.isEqual(received, end.sha256())) {
            stop(upload);
            deletePartial(upload);
            complete(upload, new ErrorReply(ErrorCode.DIGEST_MISMATCH, "the data received for " + name + " hashes to "
                    + HexFormat.of().formatHex(received) + ", not " + end.hex() + "; nothing was kept, put it again"));
            return;
        }
        try {
            upload.sync(); // before the rename: a name never stands for bytes a power cut can take back
        } catch (IOException e) {
            fail(upload, Writes.failure(e, name + " could not be written on the server"), e);
            return;
        }
        stop(upload);
        if (!client.mayWrite()) { // the key may have been revoked or expired while the bytes came
            deletePartial(upload);
            complete(upload, new ErrorReply(ErrorCode.READ_ONLY, name + " was not put in place: this client may no"
                    + " longer write (its access key was revoked or has expired); nothing was kept"));
            log.warn("{} upload of {} was not put in place: its access key no longer lets it write", client.name(),
                    LogText.clip(name));
            return;
        }
        try {
            if (!upload.folder().stillInRepository()) {
                deletePartial(upload);
                complete(upload, new ErrorReply(ErrorCode.WRITE_FAILED, name + " was not put in place: its folder was"
                        + " moved out of the repository while it was uploaded; nothing was kept"));
                log.warn("{} upload of {} was not put in place: its folder was moved out of the repository",
                        client.name(), LogText.clip(name));
                return;
            }
            boolean replaced = upload.folder().attributes(upload.folder().target()).isPresent();
            if (!upload.folder().commit(upload.overwrite())) {
                complete(upload, new ErrorReply(ErrorCode.EXISTS, name + " appeared on the server while it was being"
                        + " uploaded; ask to overwrite it to replace it (the upload is kept: it will not be sent again)"));
                return;
            }
            site.events().uploaded(client.name(), name, upload.size()); // ahead of the FILES_CHANGED the rename brings
            upload.folder().syncFolder();
            complete(upload, new PutDone(upload.size(), replaced));
            log.info("{} uploaded {}: {} bytes from offset {} in {} ms, sha256={}, key {}{}", client.name(),
                    LogText.clip(name), upload.size() - upload.offset(), upload.offset(),
                    String.format("%.1f", upload.elapsedNanos() / 1e6), HexFormat.of().formatHex(received),
                    client.keyLabel().isEmpty() ? "none" : client.keyLabel(), replaced ? ", replacing the file there" : "");
        } catch (IOException e) {
            RequestFailure failure = Writes.failure(e, name + " could not be put in place on the server");
            log.warn("{} upload of {} could not be committed: {}", client.name(), LogText.clip(name), e.toString());
            complete(upload, new ErrorReply(failure.code(), failure.getMessage()));
        }
    }

    /** CANCEL: stops the upload, keeping what arrived for a resume. False if no upload runs under the id. */
    boolean cancel(int id) {
        Upload upload = running.get(id);
        if (upload == null || ended) {
            return upload != null;
        }
        stop(upload);
        complete(upload, new ErrorReply(ErrorCode.CANCELLED, "put " + upload.name() + " cancelled; the server keeps "
                + upload.position() + " bytes for a resume"));
        log.info("{} cancelled the upload of {} after {} of {} bytes", client.name(), LogText.clip(upload.name()),
                upload.position(), upload.size());
        return true;
    }

    /**
     * The session is ending, on whichever thread: returns the ERROR frames that tell the client,
     * one per running upload, or none if {@code error} is null. What arrived is kept for a resume;
     * the reader lets go of the files in {@link #close}.
     */
    List<ByteBuffer> stopAll(ErrorCode error) {
        ended = true;
        List<ByteBuffer> errors = new ArrayList<>();
        if (error == null) {
            return errors;
        }
        List<Upload> stopped = new ArrayList<>(running.values());
        stopped.addAll(letGo);
        for (Upload upload : stopped) {
            errors.add(MessageCodec.encode(upload.id(), new ErrorReply(error, "put " + upload.name() + " stopped: "
                    + error.summary() + "; the server keeps " + upload.position() + " bytes for a resume")));
        }
        return errors;
    }

    /**
     * Lets go of every upload still running, keeping their partials for a resume, and gives back the
     * buffer's memory; by the reader, once it has stopped reading.
     */
    void close() {
        ended = true;
        for (Upload upload : new ArrayList<>(running.values())) {
            stop(upload);
            if (!upload.finishOnce()) {
                continue; // its hashing failed and ended it meanwhile
            }
            release(upload);
            letGo.add(upload);
            log.info("{} upload of {} stopped after {} of {} bytes; kept for a resume", client.name(),
                    LogText.clip(upload.name()), upload.position(), upload.size());
        }
        if (buffer != null) {
            site.memory().release(buffer.capacity());
            buffer = null;
        }
    }

    private void fail(Upload upload, RequestFailure failure, IOException cause) {
        stop(upload);
        log.warn("{} upload of {} failed after {} of {} bytes: {}", client.name(), LogText.clip(upload.name()),
                upload.position(), upload.size(), LogText.clip(cause.toString()));
        complete(upload, new ErrorReply(failure.code(), failure.getMessage()
                + (failure.code() == ErrorCode.NO_SPACE ? "; the server keeps " + upload.position() + " bytes for a resume" : "")));
    }

    /** Ends the upload's writing: the partial is closed and no longer held. */
    private void stop(Upload upload) {
        running.remove(upload.id());
        upload.closePartial();
        site.holding(upload.partialKey(), false);
    }

    private void complete(Upload upload, dev.ferry.protocol.Message last) {
        if (!upload.finishOnce()) {
            return; // ended already, on another thread
        }
        release(upload);
        out.send(upload.id(), last);
        if (last instanceof ErrorReply error && error.code() != ErrorCode.CANCELLED) {
            log.info("{} upload of {} ended: {}", client.name(), LogText.clip(upload.name()), LogText.clip(error.message()));
        }
    }

    private void release(Upload upload) {
        upload.folder().close();
        site.release(upload.name());
    }

    private static void deletePartial(Upload upload) {
        try {
            upload.folder().deletePartial();
        } catch (IOException e) {
            log.warn("cannot remove the partial of {}: {}", LogText.clip(upload.name()), e.toString());
        }
    }

    private void abandon(String name, UploadFolder folder, PartialFile partial) {
        if (partial != null) {
            try {
                partial.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
        if (folder != null) {
            folder.close();
        }
        site.release(name);
    }

    private ByteBuffer takeBuffer() {
        if (buffer == null) {
            site.memory().hold(BUFFER_BYTES);
            buffer = ByteBuffer.allocate(BUFFER_BYTES);
        }
        return buffer;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
