package dev.fedchat.bench.load;

import java.util.Arrays;
import java.util.Random;

/**
 * Chat-like text for the search benchmark: messages of 4 to 16 words drawn from a vocabulary of
 * {@link #VOCABULARY} made-up words whose frequencies follow Zipf's law (the word of rank r is
 * used in proportion to 1/r), as words in real text are. So the word of rank 2 is in about two in five
 * of all messages, rank 100 in about one in a hundred, rank 1,000 in about one in a thousand,
 * and the benchmark can ask for common, middling and rare words by rank. Seeded: the same seed
 * writes the same corpus. Not thread-safe.
 */
final class SearchCorpus {
    static final int VOCABULARY = 8_000;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze",
        "ba", "do", "fi", "gu", "he", "jo", "ku", "li", "mo", "na"};

    private final Random random;
    private final double[] cumulative = new double[VOCABULARY];

    SearchCorpus(long seed) {
        this.random = new Random(seed);
        double sum = 0;
        for (int r = 1; r <= VOCABULARY; r++) {
            sum += 1.0 / r;
            cumulative[r - 1] = sum;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            cumulative[i] /= sum;
        }
    }

    /** The word of frequency rank {@code rank} (1 = most common): three syllables, distinct per rank. */
    static String word(int rank) {
        int n = rank - 1;
        return SYLLABLES[n / 400] + SYLLABLES[(n / 20) % 20] + SYLLABLES[n % 20];
    }

    String message() {
        int words = 4 + random.nextInt(13);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(word(rank()));
        }
        return text.toString();
    }

    private int rank() {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return (at >= 0 ? at : -at - 1) + 1;
    }
}
