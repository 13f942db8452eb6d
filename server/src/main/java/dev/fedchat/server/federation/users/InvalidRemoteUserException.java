package dev.fedchat.server.federation.users;

/**
 * A user a peer sent that this server will not accept: malformed, too large, or claiming an
 * origin the sender cannot speak for. The message says what is wrong, in words a peer's admin
 * can act on; {@link RemoteUsers} adds which peer sent it.
 */
public final class InvalidRemoteUserException extends RuntimeException {
    public InvalidRemoteUserException(String message) {
        super(message);
    }
}
