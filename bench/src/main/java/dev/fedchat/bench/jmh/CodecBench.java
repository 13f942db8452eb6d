package dev.fedchat.bench.jmh;

import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.PayloadCipher;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rocket.Chat's double encryption of a federation body, sealed by one server and opened by the
 * other, with each crypto provider. The JDK run is the baseline the native run is compared with
 * (bench/codec.sh prints both; docs/benchmarks.md has the numbers). {@code parallelism} is how
 * many threads one seal or open may use (1: every block in turn on the benchmark's thread; more:
 * the caller and the common pool, as in the server); 32 KiB is a dispatch batch of 50 events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecBench {
    @Param({"jdk", "native"})
    public String provider;

    @Param({"1024", "10240", "32768"})
    public int bytes;

    @Param({"1", "2"})
    public int parallelism;

    private PayloadCipher cipher;
    private KeyPair alpha;
    private KeyPair beta;
    private byte[] plain;
    private byte[] sealed;

    @Setup
    public void setUp() throws Exception {
        CryptoProvider chosen = provider.equals("native") ? CryptoProvider.preferNative() : CryptoProvider.jdk();
        if (provider.equals("native") && chosen.name().equals("JDK")) {
            throw new IllegalStateException("the native provider does not load on this machine");
        }
        cipher = new PayloadCipher(chosen, parallelism, ForkJoinPool.commonPool());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        alpha = g.generateKeyPair();
        beta = g.generateKeyPair();
        plain = new byte[bytes];
        new Random(bytes).nextBytes(plain);
        sealed = cipher.seal(plain, beta.getPublic(), alpha.getPrivate());
    }

    /** What one federated request costs the two servers together: seal on one, open on the other. */
    @Benchmark
    public byte[] sealAndOpen() {
        return cipher.open(cipher.seal(plain, beta.getPublic(), alpha.getPrivate()), alpha.getPublic(), beta.getPrivate());
    }

    @Benchmark
    public byte[] seal() {
        return cipher.seal(plain, beta.getPublic(), alpha.getPrivate());
    }

    @Benchmark
    public byte[] open() {
        return cipher.open(sealed, alpha.getPublic(), beta.getPrivate());
    }
}
