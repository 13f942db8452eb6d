package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The real dnsmasq the federation benchmark's servers find each other through, on a free loopback
 * port, serving {@code _rocketchat._http.<domain>} SRV and {@code rocketchat-public-key.<domain>}
 * TXT records. The test suite has its own (test scope, with Awaitility); this one is the same
 * configuration for the driver. dnsmasq does not re-read records on SIGHUP, so new records mean a
 * {@link #restart} on the same port; servers ask it on every cache miss only, so a restart between
 * measurements costs nothing.
 */
final class Dnsmasq implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    /** The TTL of every record: longer than any run, so the servers' peer caches never expire mid-measurement. */
    private static final int TTL_SECONDS = 3600;

    private final Path dir;
    private final Process process;
    private final int port;

    private Dnsmasq(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** A federation domain served by a server on {@code localhost:port} with this public key. */
    record Peer(String domain, int port, String publicKeyPem) {}

    /** Starts with no federation records yet (the servers need its port before their keys exist). */
    static Dnsmasq start(Path dir) {
        return startOn(dir, freePort(), List.of());
    }

    int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the form {@code --dns-server} takes. */
    String hostPort() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Stops this dnsmasq and starts one serving {@code peers} on the same port. */
    Dnsmasq restart(List<Peer> peers) {
        close();
        return startOn(dir, port, peers);
    }

    private static Dnsmasq startOn(Path dir, int port, List<Peer> peers) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("dnsmasq is not installed (" + BINARY + "): apt-get install dnsmasq");
        }
        List<String> conf = new ArrayList<>(List.of("port=" + port, "listen-address=127.0.0.1", "bind-interfaces",
                "no-resolv", "no-hosts", "no-poll", "local=/test/", "log-facility=-", "local-ttl=" + TTL_SECONDS,
                "address=/localhost/127.0.0.1"));
        for (Peer p : peers) {
            conf.add("srv-host=_rocketchat._http." + p.domain() + ",localhost," + p.port() + ",1,1");
            StringBuilder txt = new StringBuilder("txt-record=rocketchat-public-key.").append(p.domain());
            for (int i = 0; i < p.publicKeyPem().length(); i += 255) {
                txt.append(",\"").append(p.publicKeyPem(), i, Math.min(p.publicKeyPem().length(), i + 255)).append('"');
            }
            conf.add(txt.toString());
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("dnsmasq.conf");
            Files.write(file, conf, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(BINARY.toString(), "--conf-file=" + file, "--keep-in-foreground",
                    "--pid-file=" + dir.resolve("dnsmasq.pid"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dnsmasq.log").toFile()))
                    .start();
            Dnsmasq dns = new Dnsmasq(dir, process, port);
            dns.awaitReady();
            return dns;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dnsmasq", e);
        }
    }

    private void awaitReady() {
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        probe.setTimeout(Duration.ofMillis(200));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + "; see " + dir.resolve("dnsmasq.log"));
            }
            try {
                Message answer = probe.send(Message.newQuery(org.xbill.DNS.Record.newRecord(
                        Name.fromString("localhost."), Type.A, DClass.IN)));
                if (answer.getRcode() == Rcode.NOERROR) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        close();
        throw new IllegalStateException("dnsmasq on port " + port + " did not answer within 10 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port free for both UDP and TCP on loopback right now. */
    private static int freePort() {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port for dnsmasq");
    }
}
