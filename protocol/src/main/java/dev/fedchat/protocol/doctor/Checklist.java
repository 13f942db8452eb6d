package dev.fedchat.protocol.doctor;

import java.util.List;

/** What the doctor found for one domain, in the order peers would meet it. */
public record Checklist(String domain, String resolver, List<Check> checks) {
    public Checklist {
        checks = List.copyOf(checks);
    }

    /** True when no check failed (warnings and skipped checks do not fail a set-up). */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.outcome() == Check.Outcome.FAIL);
    }

    public long failures() {
        return checks.stream().filter(c -> c.outcome() == Check.Outcome.FAIL).count();
    }

    /** The checklist as a person reads it in a terminal. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Federation set-up of ").append(domain).append(", as a peer sees it (asking ").append(resolver).append("):\n");
        for (Check c : checks) {
            out.append(String.format("  [%-4s] %s: %s%n", c.outcome(), c.title(), c.detail()));
            if (!c.fix().isEmpty()) {
                for (String line : c.fix().split("\n")) {
                    out.append("         fix: ").append(line).append('\n');
                }
            }
        }
        out.append(passed()
                ? "All checks passed" + (checks.stream().anyMatch(c -> c.outcome() != Check.Outcome.PASS) ? " (see the notes above)" : "") + ".\n"
                : failures() + " of " + checks.size() + " checks failed.\n");
        return out.toString();
    }
}
