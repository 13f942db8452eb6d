package dev.fedchat.server.file;

import dev.fedchat.server.error.RcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Uploaded bytes on disk, one file per upload id under {@code <data-dir>/uploads}. A file is
 * written to a temporary name and moved into place once complete, so a crash never leaves a
 * half-written upload under a real id. Thread-safe (distinct ids never share a path).
 */
public final class FileStore {
    private final Path root;

    public FileStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload directory " + root, e);
        }
    }

    /**
     * Copies {@code content} to the store under {@code id}, refusing more than {@code maxBytes}
     * (negative: no limit). Returns the number of bytes stored.
     */
    public long write(String id, InputStream content, long maxBytes) {
        Path tmp = root.resolve(id + ".part");
        long total = 0;
        try (InputStream in = content; OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (maxBytes >= 0 && total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("could not store upload " + id, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, path(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("could not store upload " + id, e);
        }
        return total;
    }

    public Path path(String id) {
        return root.resolve(id);
    }

    public void delete(String id) {
        deleteQuietly(path(id));
    }

    static RcException tooLarge(long maxBytes) {
        return RcException.invalid("error-file-too-large", "File exceeds the allowed size of " + maxBytes + " bytes");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is harmless and the failure that brought us here matters more
        }
    }
}
