package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.user.User;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DDP connection: who is logged in on it, its subscriptions, and the socket to write to.
 *
 * <p>Threading: frames arrive on Jetty's threads one at a time per connection; frames leave from
 * those threads and from the fan-out thread, so {@link #send} serialises writes on a lock to keep
 * each frame whole and in order. {@code user}, {@code token} and {@code connected} are volatile
 * for the fan-out thread's reads.
 */
final class DdpSession implements MethodCaller {
    private static final Logger log = LoggerFactory.getLogger(DdpSession.class);

    private final String id;
    private final WsContext socket;
    private final ObjectMapper json;
    private final Object writeLock = new Object();
    /** subscription id → stream key ({@code name|eventName}). */
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    /** The users whose presence this session follows ({@code stream-user-presence}); only DdpStreams changes it. */
    private final Set<String> watchedPresence = ConcurrentHashMap.newKeySet();
    private volatile User user;
    private volatile String token;
    /** Set once the client's {@code connect} was accepted; only the session's own frames change it. */
    private volatile boolean connected;

    DdpSession(String id, WsContext socket, ObjectMapper json) {
        this.id = id;
        this.socket = socket;
        this.json = json;
    }

    String id() {
        return id;
    }

    /** The peer's IP address, for the login rate limiter. */
    @Override
    public String clientAddress() {
        java.net.SocketAddress address = socket.session.getRemoteSocketAddress();
        return address instanceof java.net.InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    boolean isConnected() {
        return connected;
    }

    void connected() {
        this.connected = true;
    }

    @Override
    public User user() {
        return user;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void loggedIn(User user, String token) {
        this.user = user;
        this.token = token;
    }

    @Override
    public void loggedOut() {
        this.user = null;
        this.token = null;
    }

    Map<String, String> subscriptions() {
        return subscriptions;
    }

    Set<String> watchedPresence() {
        return watchedPresence;
    }

    Set<String> subscriptionIds() {
        return subscriptions.keySet();
    }

    void send(Object frame) {
        try {
            sendRaw(json.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a DDP frame could not be serialised: " + frame, e);
        }
    }

    /**
     * Queues a frame. Jetty sends asynchronously and holds at most {@code maxOutgoingFrames} per
     * connection; a client that cannot keep up fails the write and is disconnected, so one stalled
     * reader never grows the server's memory. It reconnects and resyncs like any DDP client.
     */
    void sendRaw(String frame) {
        synchronized (writeLock) {
            try {
                socket.session.sendText(frame, Callback.from(() -> { }, this::writeFailed));
            } catch (RuntimeException e) {
                // the peer went away between our check and the write; its close handler cleans up
                log.debug("DDP session {}: dropped a frame to a closed socket: {}", id, e.toString());
            }
        }
    }

    private void writeFailed(Throwable failure) {
        if (socket.session.isOpen()) {
            log.info("DDP session {} of {} cannot keep up with its frames ({}); disconnecting it",
                    id, user == null ? "an anonymous client" : user.username(), failure.toString());
            close(StatusCode.TRY_AGAIN_LATER, "too slow: reconnect and resync");
        }
    }

    /** Ends the connection; the close handler drops its subscriptions. */
    void close(int status, String reason) {
        try {
            socket.closeSession(status, reason);
        } catch (RuntimeException e) {
            log.debug("DDP session {}: close failed: {}", id, e.toString());
        }
    }

    boolean isOpen() {
        return socket.session.isOpen();
    }
}
