package dev.fedchat.protocol.doctor;

/**
 * One line of the doctor's checklist.
 *
 * @param detail what was found, in words
 * @param fix    what to change when the check failed (often the exact record to publish); empty otherwise
 */
public record Check(String title, Outcome outcome, String detail, String fix) {

    public enum Outcome {
        PASS,
        /** Works, but something is worth an operator's look. */
        WARN,
        /** Could not be checked, for the reason in the detail; not a failure. */
        SKIP,
        FAIL
    }

    static Check pass(String title, String detail) {
        return new Check(title, Outcome.PASS, detail, "");
    }

    static Check warn(String title, String detail, String fix) {
        return new Check(title, Outcome.WARN, detail, fix);
    }

    static Check skip(String title, String detail) {
        return new Check(title, Outcome.SKIP, detail, "");
    }

    static Check fail(String title, String detail, String fix) {
        return new Check(title, Outcome.FAIL, detail, fix);
    }
}
