package dev.fedchat.bench.load;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.PayloadCipher;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * The most events per second the federation codec lets one delivery lane carry, measured on this
 * machine in the same run as the delivery it bounds.
 *
 * <p>Every {@code federation.events.dispatch} body is double-encrypted the Rocket.Chat way
 * ({@code PayloadCipher}, federation-protocol.md §3): a plaintext of {@code P} bytes is cut into
 * {@code n1 = ceil(P / 214)} OAEP blocks of 256 bytes for the receiver, and those {@code 256·n1}
 * bytes into {@code n2 = ceil(256·n1 / 214)} signature blocks. The sender does {@code n2}
 * RSA-2048 private-key operations (the signatures), the receiver {@code n1} (the decryptions); the
 * public-key operations beside them are an order of magnitude cheaper. A lane has one request in
 * flight, so the sender's and the receiver's private operations of a batch happen one after the
 * other: the ceiling of one lane is {@code batch / (n2·t_sign + n1·t_decrypt)}, with each time
 * measured here on one thread, with the provider the servers use ({@link CryptoProvider#preferNative()}).
 *
 * <p>That is an upper bound only while each side does its blocks on one thread. A server that
 * spreads the blocks of one body over several threads, or seals the next batch while one is in
 * flight, is bounded by the machine instead: every private operation of both sides spread over
 * all cores, {@code two-thread private ops/s ÷ (n1 + n2) / batch} ({@link Batch#machineCeiling}).
 * Both are reported, so a lane's share of each shows how much of the machine it uses.
 */
final class CryptoCeiling {
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    private static final String PKCS1 = "RSA/ECB/PKCS1Padding";
    /** OAEP with SHA-1 leaves {@code 256 − 42} bytes of a 2048-bit block (PayloadCipher's piece size). */
    private static final int PIECE = 214;
    private static final int BLOCK = 256;

    /**
     * @param provider          the provider the servers use
     * @param signPerSecond     PKCS#1 v1.5 private-key encryptions (the signature layer) on one thread
     * @param decryptPerSecond  OAEP private-key decryptions (the receiver's layer) on one thread
     * @param twoThreadsPerSecond private operations (half of each) on two threads at once: the machine's total
     */
    record Rates(String provider, double signPerSecond, double decryptPerSecond, double twoThreadsPerSecond) {}

    /**
     * The private-key work of one batch.
     *
     * @param plaintextBytes  {@code {"events":[…]}} of {@code events} events of the measured average size
     * @param senderOps       private operations of the sender ({@code n2}, one per signature block)
     * @param receiverOps     private operations of the receiver ({@code n1}, one per OAEP block)
     */
    record Batch(int events, int plaintextBytes, int senderOps, int receiverOps) {
        double privateOpsPerEvent() {
            return (senderOps + receiverOps) / (double) events;
        }

        /**
         * Events per second if a lane did nothing but its private-key operations, the sender's
         * and then the receiver's, each side on one thread.
         */
        double ceiling(Rates r) {
            double seconds = senderOps / r.signPerSecond() + receiverOps / r.decryptPerSecond();
            return events / seconds;
        }

        /**
         * Events per second if the machine did nothing but these private-key operations, both
         * sides' spread over both cores: the two-thread rate over the operations per event.
         */
        double machineCeiling(Rates r) {
            return r.twoThreadsPerSecond() / privateOpsPerEvent();
        }
    }

    /** The cost of a batch of {@code events} events of {@code averageWireBytes} each, as PayloadCipher cuts it. */
    static Batch batch(int events, double averageWireBytes) {
        // {"events":[w1,w2,…]}
        int plaintext = (int) Math.round("{\"events\":[]}".length() + events * averageWireBytes + (events - 1));
        int n1 = ceilDiv(plaintext, PIECE);
        int n2 = ceilDiv(n1 * BLOCK, PIECE);
        return new Batch(events, plaintext, n2, n1);
    }

    private final Provider provider;
    private final CryptoProvider inUse;
    private final KeyPair sender;
    private final KeyPair receiver;

    private CryptoCeiling(CryptoProvider inUse, Provider provider) {
        this.inUse = inUse;
        this.provider = provider;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.sender = g.generateKeyPair();
            this.receiver = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make RSA keys", e);
        }
    }

    /** With the provider {@link CryptoProvider#preferNative()} picks on this machine, as the servers do. */
    static CryptoCeiling ofProviderInUse() {
        CryptoProvider chosen = CryptoProvider.preferNative();
        Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        return new CryptoCeiling(chosen, chosen.name().equals(accp.getName()) ? accp : null);
    }

    String providerName() {
        return inUse.name();
    }

    /** Times each private operation for {@code seconds} on one thread (after as long a warm-up), then both on two threads. */
    Rates rates(double seconds) {
        long nanos = (long) (seconds * 1e9);
        byte[] piece = new byte[PIECE];
        Arrays.fill(piece, (byte) 'x');
        byte[] block = encrypt(piece);
        sign(piece, nanos);
        decrypt(block, nanos);
        double sign = sign(piece, nanos);
        double decrypt = decrypt(block, nanos);
        double[] both = new double[2];
        Thread a = new Thread(() -> both[0] = sign(piece, nanos), "rsa-sign");
        Thread b = new Thread(() -> both[1] = decrypt(block, nanos), "rsa-decrypt");
        a.start();
        b.start();
        try {
            a.join();
            b.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing RSA", e);
        }
        return new Rates(inUse.name(), sign, decrypt, both[0] + both[1]);
    }

    /**
     * PayloadCipher seal + open of a batch's plaintext, in ms: the median of a few rounds after a
     * warm-up; {@code parallel} as the servers run it (blocks over every core), else one thread.
     */
    double codecMillis(Batch batch, boolean parallel) {
        int bytes = batch.plaintextBytes();
        PayloadCipher cipher = parallel ? new PayloadCipher(inUse) : PayloadCipher.sequential(inUse);
        byte[] plain = new byte[bytes];
        Arrays.fill(plain, (byte) '{');
        int rounds = Math.max(5, Math.min(100, 300_000 / bytes));
        double[] ms = new double[rounds];
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                cipher.open(cipher.seal(plain, receiver.getPublic(), sender.getPrivate()), sender.getPublic(), receiver.getPrivate());
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }

    private double sign(byte[] piece, long nanos) {
        return timed(PKCS1, Cipher.ENCRYPT_MODE, sender.getPrivate(), piece, nanos);
    }

    private double decrypt(byte[] block, long nanos) {
        return timed(OAEP, Cipher.DECRYPT_MODE, receiver.getPrivate(), block, nanos);
    }

    private byte[] encrypt(byte[] piece) {
        try {
            Cipher c = cipher(OAEP);
            c.init(Cipher.ENCRYPT_MODE, receiver.getPublic());
            return c.doFinal(piece);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("OAEP encryption failed", e);
        }
    }

    /** Operations per second over {@code nanos}, one {@code init} + {@code doFinal} each, as PayloadCipher does. */
    private double timed(String transformation, int mode, Key key, byte[] input, long nanos) {
        try {
            Cipher c = cipher(transformation);
            long start = System.nanoTime();
            long end = start + nanos;
            long ops = 0;
            long now = start;
            while (now < end) {
                c.init(mode, key);
                c.doFinal(input);
                ops++;
                now = System.nanoTime();
            }
            return ops / ((now - start) / 1e9);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " failed", e);
        }
    }

    private Cipher cipher(String transformation) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, provider);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
