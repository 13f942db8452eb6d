package dev.fedchat.protocol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every commit in an embedded H2 file that was not closed cleanly (the process was killed
 * or crashed), before the database is opened: H2's own start-up recovery can miss the last ones.
 *
 * <p>Why (issue 12): with {@code WRITE_DELAY=0} every commit is in the file when the commit
 * returns, but H2 2.5's MVStore only finds a chunk after an unclean stop if the store header names
 * it, if it follows by the "next chunk" position its predecessor predicted, or if it is the last
 * chunk in the file. The header is rewritten only every 20 versions or when a prediction failed —
 * and then it names the chunk <em>before</em> the one that missed. A commit written into reused
 * space in the middle of the file in that window is therefore on disk, yet H2's quick recovery
 * stops at an older chunk and the commit is gone from the opened database: the last 100–800 ms of
 * commits, in the crash runs. H2's recovery mode instead scans every block of the file for chunks
 * and takes the newest complete one. Opening the file once in that mode and closing it writes a
 * clean header that names that chunk, so the database then opens with everything committed.
 *
 * <p>Only a file whose header lacks H2's clean-shutdown mark is scanned (the scan reads the whole
 * file: seconds for a large one); a cleanly closed file is not touched. Not thread-safe: call it
 * once, before the first connection to the database.
 */
public final class H2CrashRecovery {
    private static final Logger log = LoggerFactory.getLogger(H2CrashRecovery.class);
    private static final String FILE_URL = "jdbc:h2:file:";
    /** MVStore's store header: two copies, one per 4 KiB block, each a line of {@code key:value,…}. */
    private static final int HEADER_BLOCK = 4096;
    private static final String CLEAN_MARK = "clean:1";

    private H2CrashRecovery() {}

    /**
     * Scans the embedded file behind {@code jdbcUrl} if it was not closed cleanly; any other URL
     * (PostgreSQL, in-memory H2), a missing file, or a file another process holds is left alone
     * (the open that follows reports the last). Returns whether it scanned.
     */
    public static boolean beforeOpen(String jdbcUrl) {
        if (!jdbcUrl.startsWith(FILE_URL)) {
            return false;
        }
        Path file = Path.of(jdbcUrl.substring(FILE_URL.length()).replaceFirst(";.*", "") + ".mv.db");
        if (!Files.isRegularFile(file) || closedCleanly(file)) {
            return false;
        }
        log.warn("The embedded database {} was not closed cleanly (the process was killed or crashed): scanning"
                + " the whole file for its last commits before opening it", file);
        long start = System.nanoTime();
        try {
            new MVStore.Builder().fileName(file.toString()).recoveryMode().open().close();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return false; // in use by another process: opening it fails next, and says so
            }
            log.warn("Could not scan {} ({}); H2 opens it with its own recovery, which may miss the last commits"
                    + " before the crash", file, e.getMessage());
            return false;
        }
        log.info("Scanned {} after the unclean stop in {} ms; every commit found in it is kept", file,
                (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /** Both copies of the store header are intact, equal and carry the clean-shutdown mark. */
    static boolean closedCleanly(Path file) {
        byte[] header = new byte[2 * HEADER_BLOCK];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + file, e);
        }
        if (read < header.length) {
            return false;
        }
        String first = firstLine(Arrays.copyOfRange(header, 0, HEADER_BLOCK));
        String second = firstLine(Arrays.copyOfRange(header, HEADER_BLOCK, 2 * HEADER_BLOCK));
        return first.equals(second) && List.of(first.split(",")).contains(CLEAN_MARK);
    }

    private static String firstLine(byte[] block) {
        String text = new String(block, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? "" : text.substring(0, end);
    }
}
