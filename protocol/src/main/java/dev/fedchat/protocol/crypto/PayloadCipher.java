package dev.fedchat.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * Rocket.Chat's "double encryption" of federation POST bodies (federation-protocol.md §3), byte
 * for byte as node-rsa 1.1.1 does it:
 * <ol>
 *   <li>RSAES-OAEP (SHA-1, MGF1-SHA-1) with the receiver's public key, the plaintext cut into equal
 *       pieces of at most {@code k − 42} bytes, one {@code k}-byte block per piece;</li>
 *   <li>PKCS#1 v1.5 type-1 padding and the raw private-key operation with the sender's private key
 *       (an unhashed signature of each piece), pieces cut again by the OAEP rule of the sender's
 *       key, as node-rsa does.</li>
 * </ol>
 * Opening reverses both and decodes any chunking, since it works per block.
 *
 * <p>Blocks are independent, so a layer of many blocks (a dispatch batch of 50 events is about
 * 150 + 180) is cut into contiguous chunks that run on several threads ({@link BlockChunks}); the
 * bytes are the same as one pass in order. A body of few blocks stays on the caller's thread.
 *
 * <p>Thread-safe: a {@link Cipher} is made per call and per chunk (they are not shareable).
 */
public final class PayloadCipher {
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    private static final String PKCS1 = "RSA/ECB/PKCS1Padding";
    /** OAEP with SHA-1 costs {@code 2·20 + 2} bytes of each block. */
    private static final int OAEP_OVERHEAD = 42;

    private final CryptoProvider provider;
    private final BlockChunks chunks;

    /**
     * Blocks on as many threads as there are processors: the caller's, and the
     * {@linkplain ForkJoinPool#commonPool() common pool}'s (processors − 1 daemon threads). The
     * common pool suits this work: short, pure CPU, never blocking; and the caller runs any chunk
     * the pool has not started, so a pool busy with other work slows sealing down to one thread
     * but never stalls it. No thread to own or stop.
     */
    public PayloadCipher(CryptoProvider provider) {
        this(provider, Runtime.getRuntime().availableProcessors(), ForkJoinPool.commonPool());
    }

    /**
     * @param parallelism the most threads one seal or open uses, the caller's included; 1 processes
     *                    every block on the caller's thread, one after the other
     * @param executor    runs the chunks beyond the caller's (bounded, daemon threads, owned by the
     *                    caller of this constructor); unused, and may be null, when {@code parallelism} is 1
     */
    public PayloadCipher(CryptoProvider provider, int parallelism, Executor executor) {
        this.provider = provider;
        this.chunks = new BlockChunks(parallelism, executor);
    }

    /** Every block on the caller's thread, one after the other. */
    public static PayloadCipher sequential(CryptoProvider provider) {
        return new PayloadCipher(provider, 1, null);
    }

    /** The most threads one seal or open uses. */
    public int parallelism() {
        return chunks.parallelism();
    }

    /** Encrypts for {@code receiver} and signs as {@code sender}: the bytes a Rocket.Chat peer expects. */
    public byte[] seal(byte[] plaintext, PublicKey receiver, PrivateKey sender) {
        try {
            byte[] forReceiver = apply(OAEP, Cipher.ENCRYPT_MODE, receiver,
                    pieces(plaintext, blockSize(receiver) - OAEP_OVERHEAD));
            return sign(forReceiver, sender);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption failed with a valid key: " + e, e);
        }
    }

    /** The second layer alone; deterministic, so tests compare it with node-rsa's bytes. */
    byte[] sign(byte[] firstLayer, PrivateKey sender) throws GeneralSecurityException {
        // node-rsa cuts by the OAEP limit here too, not PKCS#1's k − 11: kept for identical bytes
        return apply(PKCS1, Cipher.ENCRYPT_MODE, sender, pieces(firstLayer, blockSize(sender) - OAEP_OVERHEAD));
    }

    /**
     * Verifies {@code sender}'s signature layer and decrypts with the {@code receiver}'s key.
     *
     * @throws PayloadException when the body was cut, changed, reordered or made for other keys
     */
    public byte[] open(byte[] wire, PublicKey sender, PrivateKey receiver) {
        int senderBlock = blockSize(sender);
        if (wire.length == 0 || wire.length % senderBlock != 0) {
            throw new PayloadException(PayloadException.Reason.TRUNCATED, "the body is " + wire.length
                    + " bytes, not a whole number of " + senderBlock + "-byte blocks of the sender's key");
        }
        byte[] forReceiver;
        try {
            forReceiver = apply(PKCS1, Cipher.DECRYPT_MODE, sender, blocks(wire, senderBlock));
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new PayloadException(PayloadException.Reason.WRONG_KEY_OR_TAMPERED,
                    "the body was not signed by the sender's published key (or was changed on the way)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA decryption failed unexpectedly: " + e, e);
        }
        int receiverBlock = blockSize(receiver);
        if (forReceiver.length == 0 || forReceiver.length % receiverBlock != 0) {
            throw new PayloadException(PayloadException.Reason.WRONG_KEY_OR_TAMPERED, "the signed content is "
                    + forReceiver.length + " bytes, not a whole number of " + receiverBlock + "-byte blocks of our key");
        }
        try {
            return apply(OAEP, Cipher.DECRYPT_MODE, receiver, blocks(forReceiver, receiverBlock));
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new PayloadException(PayloadException.Reason.WRONG_KEY_OR_TAMPERED,
                    "the body was not encrypted for our key (or its blocks were reordered or changed)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA decryption failed unexpectedly: " + e, e);
        }
    }

    private byte[] apply(String transformation, int mode, Key key, List<byte[]> inputs) throws GeneralSecurityException {
        return chunks.run(inputs, chunk -> {
            Cipher cipher = provider.cipher(transformation); // one per chunk: a Cipher is not thread-safe
            ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.size() * blockSize(key));
            for (byte[] input : chunk) {
                cipher.init(mode, key);
                out.writeBytes(cipher.doFinal(input));
            }
            return out.toByteArray();
        });
    }

    /** node-rsa's rule: {@code n = max(1, ceil(len/max))} pieces of {@code ceil(len/n)} bytes, the last shorter. */
    static List<byte[]> pieces(byte[] data, int max) {
        int n = Math.max(1, ceilDiv(data.length, max));
        int size = ceilDiv(data.length, n);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = Math.min(i * size, data.length);
            int to = Math.min(from + size, data.length);
            byte[] piece = new byte[to - from];
            System.arraycopy(data, from, piece, 0, piece.length);
            out.add(piece);
        }
        return out;
    }

    private static List<byte[]> blocks(byte[] data, int size) {
        List<byte[]> out = new ArrayList<>(data.length / size);
        for (int from = 0; from < data.length; from += size) {
            byte[] block = new byte[size];
            System.arraycopy(data, from, block, 0, size);
            out.add(block);
        }
        return out;
    }

    /** node-rsa's {@code (bits + 6) >> 3}... which equals {@code ceil(bits / 8)} for real key sizes. */
    static int blockSize(Key key) {
        return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
