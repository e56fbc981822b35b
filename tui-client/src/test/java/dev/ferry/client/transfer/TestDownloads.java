package dev.ferry.client.transfer;

import java.nio.file.Path;

/** Downloads in any state, without a server: for tests of what shows them. */
public final class TestDownloads {
    private TestDownloads() {}

    /** A download of {@code size} bytes the server has accepted, {@code resumedFrom} of them already held. */
    public static Download started(String name, long size, long resumedFrom) {
        Download download = new Download(name, Path.of(name));
        download.started(size, resumedFrom);
        return download;
    }

    /** A download the server has not answered yet. */
    public static Download waiting(String name) {
        return new Download(name, Path.of(name));
    }

    /** {@code bytes} are on disk now, resumed ones included. */
    public static void received(Download download, long bytes) {
        download.progressed(bytes);
    }

    /** Whether the .part an earlier attempt left is being read back. */
    public static void checkingPart(Download download, boolean checking) {
        download.checking(checking);
    }
}
