package dev.fedchat.server.federation.status;

/** What moves the federation status machine ({@link StatusTransitions}). */
sealed interface StatusEvent {

    /** The server started, or a setting the status depends on was saved: evaluate them afresh. */
    record SettingsChanged() implements StatusEvent {}

    /** Booting finished: federation is ready to be found (dns) or to register (hub). */
    record Booted() implements StatusEvent {}

    /**
     * The hub accepted the registration; {@code hubSays} is what it said of it (that it mailed the
     * webmaster a confirmation link, say), empty when it said nothing.
     */
    record Registered(String hubSays) implements StatusEvent {}

    /** The hub refused the registration, or could not be reached; {@code reason} says which and what to do. */
    record RegistrationFailed(String reason) implements StatusEvent {}
}
