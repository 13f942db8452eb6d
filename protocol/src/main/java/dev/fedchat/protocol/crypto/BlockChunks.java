package dev.fedchat.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the RSA blocks of one seal or open layer in contiguous chunks, up to {@code parallelism}
 * of them at once, and joins their outputs in block order: the bytes are those of one pass over
 * all blocks.
 *
 * <p>Design: chunk 0 runs on the calling thread, the others are offered to the executor as
 * {@link FutureTask}s. Once its own chunk is done, the caller {@linkplain FutureTask#run() runs}
 * every chunk no worker has started yet (a no-op for one that started) and waits only for chunks
 * running elsewhere. So a saturated, slow or rejecting executor costs parallelism, never progress:
 * no deadlock, and no thread is created here.
 *
 * <p>Threading: thread-safe, no state between calls. The work must be thread-confined per chunk
 * (a {@link javax.crypto.Cipher} per chunk). Interrupts do not abandon chunks (they are short CPU
 * work, and the sequential code ignored interrupts too); the caller's interrupt flag is restored.
 */
final class BlockChunks {
    /**
     * Fewer blocks than this in a chunk are not worth a thread hop (an RSA-2048 private operation
     * is about 0.3 ms, a hand-off some µs): so bodies under 2 × this run on the caller's thread.
     */
    static final int MIN_BLOCKS_PER_CHUNK = 4;

    /** The work on one chunk: its blocks in order, their outputs concatenated. */
    interface Work {
        byte[] apply(List<byte[]> blocks) throws GeneralSecurityException;
    }

    private final int parallelism;
    private final Executor executor;

    /**
     * @param parallelism the most chunks at once, the caller's included; 1 runs every block on the caller
     * @param executor    runs the other chunks; unused when {@code parallelism} is 1 (may then be null)
     */
    BlockChunks(int parallelism, Executor executor) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (parallelism > 1 && executor == null) {
            throw new IllegalArgumentException("an executor is needed for a parallelism of " + parallelism);
        }
        this.parallelism = parallelism;
        this.executor = executor;
    }

    int parallelism() {
        return parallelism;
    }

    /** How many chunks {@code blocks} blocks are cut into: 1 means all on the caller's thread. */
    int chunksFor(int blocks) {
        return Math.max(1, Math.min(parallelism, blocks / MIN_BLOCKS_PER_CHUNK));
    }

    byte[] run(List<byte[]> blocks, Work work) throws GeneralSecurityException {
        int chunks = chunksFor(blocks.size());
        if (chunks == 1) {
            return work.apply(blocks);
        }
        List<FutureTask<byte[]>> others = new ArrayList<>(chunks - 1);
        for (int i = 1; i < chunks; i++) {
            List<byte[]> slice = slice(blocks, i, chunks);
            FutureTask<byte[]> task = new FutureTask<>(() -> work.apply(slice));
            others.add(task);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // the executor is full or shut down: this chunk runs on the caller below
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // chunks are read in order, so the earliest bad block is the one reported, as sequentially
            out.writeBytes(work.apply(slice(blocks, 0, chunks)));
            for (FutureTask<byte[]> task : others) {
                task.run();
                out.writeBytes(outcome(task));
            }
        } finally {
            // after a failure, chunks no worker has started are not worth running (a no-op otherwise)
            others.forEach(task -> task.cancel(false));
        }
        return out.toByteArray();
    }

    /** Chunk {@code i} of {@code n}: contiguous, sizes differing by at most one block. */
    private static List<byte[]> slice(List<byte[]> blocks, int i, int n) {
        int size = blocks.size();
        return blocks.subList((int) ((long) size * i / n), (int) ((long) size * (i + 1) / n));
    }

    /** The chunk's output, or what it threw, as it threw it (so callers classify as before). */
    private static byte[] outcome(FutureTask<byte[]> task) throws GeneralSecurityException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the chunk is running on another thread and ends soon: wait for it
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GeneralSecurityException g) {
                throw g;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a block chunk failed: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
