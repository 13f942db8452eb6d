package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a port of {@code 127.0.0.1} to a server's port, that the driver can cut and mend:
 * {@link #down} closes the listening socket and every relayed connection (a connection to the port
 * is then refused, as to a stopped server), {@link #up} listens again on the same port. The
 * catch-up benchmark puts it between alpha and beta (beta's DNS records name this port), so beta
 * can be unreachable and come back without a restart of its JVM: the catch-up of a warm peer.
 *
 * <p>Thread-safe; a thread per relayed direction (alpha opens one or two connections).
 */
final class CutLink implements AutoCloseable {
    private final int target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Guarded by this; null while the link is down. */
    private ServerSocket listening;

    private CutLink(int target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A link to {@code 127.0.0.1:target} on a free port, up. */
    static CutLink to(int target) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
        CutLink link = new CutLink(target, port);
        link.up();
        return link;
    }

    int port() {
        return port;
    }

    /** Listens again: from when this returns, connections go through. */
    synchronized void up() {
        if (listening != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listening = s;
            Thread acceptor = new Thread(() -> accept(s), "cut-link-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    /** Cuts: the port refuses connections, and the relayed ones are closed. */
    synchronized void down() {
        if (listening == null) {
            return;
        }
        closeQuietly(listening);
        listening = null;
        open.forEach(CutLink::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        down();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(in);
                open.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                // closed by down(), or the server refused: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "cut-link-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
