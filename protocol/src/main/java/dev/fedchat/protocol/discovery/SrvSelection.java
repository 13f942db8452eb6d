package dev.fedchat.protocol.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Orders SRV records the way RFC 2782 asks clients to: lowest priority first, and within one
 * priority a weighted random order, so a weight-60 target gets about 60 % of first picks against
 * a weight-40 one. Rocket.Chat took the first record of the answer, which the resolver may
 * shuffle, and so ignored both fields.
 *
 * <p>A single record whose target is "." means the service is decidedly not offered; it yields
 * an empty order.
 */
public final class SrvSelection {
    private final RandomGenerator random;

    public SrvSelection(RandomGenerator random) {
        this.random = random;
    }

    public List<SrvRecord> order(List<SrvRecord> records) {
        if (records.size() == 1 && records.get(0).host().isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, List<SrvRecord>> byPriority = new TreeMap<>();
        for (SrvRecord r : records) {
            if (!r.host().isEmpty()) {
                byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
            }
        }
        List<SrvRecord> ordered = new ArrayList<>(records.size());
        for (List<SrvRecord> group : byPriority.values()) {
            ordered.addAll(weighted(group));
        }
        return ordered;
    }

    /** RFC 2782's selection: zero weights first, then repeatedly pick by running sum. */
    private List<SrvRecord> weighted(List<SrvRecord> group) {
        List<SrvRecord> left = new ArrayList<>(group);
        left.sort(Comparator.comparingInt(r -> r.weight() == 0 ? 0 : 1));
        List<SrvRecord> out = new ArrayList<>(group.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (SrvRecord r : left) {
                total += r.weight();
            }
            long pick = total == 0 ? 0 : random.nextLong(total + 1);
            long running = 0;
            int chosen = left.size() - 1;
            for (int i = 0; i < left.size(); i++) {
                running += left.get(i).weight();
                if (running >= pick) {
                    chosen = i;
                    break;
                }
            }
            out.add(left.remove(chosen));
        }
        return out;
    }
}
