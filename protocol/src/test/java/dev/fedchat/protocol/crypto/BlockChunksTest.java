package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.BadPaddingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chunks keep block order whatever the executor does, and a bad block fails as it would in one pass. */
class BlockChunksTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void outputIsTheBlocksInOrder_forEveryCountAndParallelism() throws Exception {
        for (int parallelism = 1; parallelism <= 5; parallelism++) {
            BlockChunks chunks = new BlockChunks(parallelism, pool);
            for (int n = 0; n <= 41; n++) {
                assertThat(chunks.run(numbered(n), BlockChunksTest::concat))
                        .as("%d blocks on %d threads", n, parallelism).isEqualTo(expected(n));
            }
        }
    }

    @Test
    void fewBlocks_stayOnTheCallersThread() throws Exception {
        CountingExecutor counting = new CountingExecutor(pool);
        BlockChunks chunks = new BlockChunks(4, counting);

        chunks.run(numbered(2 * BlockChunks.MIN_BLOCKS_PER_CHUNK - 1), BlockChunksTest::concat);
        assertThat(counting.offered.get()).isZero();

        chunks.run(numbered(2 * BlockChunks.MIN_BLOCKS_PER_CHUNK), BlockChunksTest::concat);
        assertThat(counting.offered.get()).isEqualTo(1);
        assertThat(chunks.chunksFor(1000)).isEqualTo(4);
        assertThat(new BlockChunks(1, null).chunksFor(1000)).isEqualTo(1);
    }

    @Test
    void anExecutorThatNeverRunsTasks_stillFinishes_onTheCaller() throws Exception {
        List<Runnable> neverRun = new ArrayList<>();
        BlockChunks chunks = new BlockChunks(4, neverRun::add);

        assertThat(chunks.run(numbered(40), BlockChunksTest::concat)).isEqualTo(expected(40));
        assertThat(neverRun).hasSize(3);
    }

    @Test
    void aRejectingExecutor_stillFinishes_onTheCaller() throws Exception {
        BlockChunks chunks = new BlockChunks(4, task -> {
            throw new RejectedExecutionException("full");
        });

        assertThat(chunks.run(numbered(40), BlockChunksTest::concat)).isEqualTo(expected(40));
    }

    @Test
    void aBadBlockInAnyChunk_throwsItsOwnException() {
        BlockChunks chunks = new BlockChunks(4, pool);
        for (int bad : new int[] {0, 13, 39}) {
            assertThatThrownBy(() -> chunks.run(numbered(40), blocks -> {
                for (byte[] b : blocks) {
                    if (b[0] == bad) {
                        throw new BadPaddingException("block " + bad);
                    }
                }
                return concat(blocks);
            })).as("block %d bad", bad).isInstanceOf(BadPaddingException.class).hasMessage("block " + bad);
        }
    }

    @Test
    void anInterruptedCaller_stillGetsEveryChunk_andKeepsItsFlag() throws Exception {
        BlockChunks chunks = new BlockChunks(2, pool);
        Thread.currentThread().interrupt();
        try {
            assertThat(chunks.run(numbered(40), BlockChunksTest::concat)).isEqualTo(expected(40));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aParallelismBelowOne_orWithoutAnExecutor_isRefused() {
        assertThatThrownBy(() -> new BlockChunks(0, pool)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new BlockChunks(2, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<byte[]> numbered(int n) {
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blocks.add(new byte[] {(byte) i, (byte) (i * 7)});
        }
        return blocks;
    }

    private static byte[] expected(int n) {
        return concat(numbered(n));
    }

    private static byte[] concat(List<byte[]> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        blocks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Counts the chunks offered to the executor. */
    private record CountingExecutor(ExecutorService delegate, AtomicInteger offered) implements java.util.concurrent.Executor {
        CountingExecutor(ExecutorService delegate) {
            this(delegate, new AtomicInteger());
        }

        @Override
        public void execute(Runnable task) {
            offered.incrementAndGet();
            delegate.execute(task);
        }
    }
}
