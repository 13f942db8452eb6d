package dev.fedchat.protocol.testing;

import dev.fedchat.protocol.discovery.DnsServerAddress;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq serving the records a test declares, on a free loopback port, for as long as
 * the test holds it. Unknown names under {@code .test} get NXDOMAIN. dnsmasq does not re-read its
 * records on SIGHUP, so changing records means {@link #restart} with new ones on the same port.
 *
 * <p>The test command installs dnsmasq (Debian package); when it is missing this fails loudly
 * rather than skipping, because the DNS tests are the point.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final Path dir;
    private final Process process;
    private final int port;

    private Dnsmasq(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    public static Records records() {
        return new Records();
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** This server as {@code --dns-server} names it. */
    public DnsServerAddress server() {
        return new DnsServerAddress("127.0.0.1", port);
    }

    /** {@code 127.0.0.1:<port>}, the form {@code --dns-server} takes. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Stops this server and starts one with other records on the same port. */
    public Dnsmasq restart(Records records) {
        close();
        return records.startOn(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /** The zone a test wants served; each method adds one dnsmasq option. */
    public static final class Records {
        private final List<String> lines = new ArrayList<>();
        private int ttl = 300;

        /** The TTL of every record served (dnsmasq's {@code local-ttl}). */
        public Records ttl(int seconds) {
            this.ttl = seconds;
            return this;
        }

        public Records address(String name, String ip) {
            lines.add("address=/" + name + "/" + ip);
            return this;
        }

        public Records srv(String name, String target, int port, int priority, int weight) {
            lines.add("srv-host=" + name + "," + target + "," + port + "," + priority + "," + weight);
            return this;
        }

        /** One TXT record made of these strings (dnsmasq splits any string over 255 bytes itself). */
        public Records txt(String name, String... strings) {
            StringBuilder line = new StringBuilder("txt-record=").append(name);
            for (String s : strings) {
                line.append(",\"").append(s).append('"');
            }
            lines.add(line.toString());
            return this;
        }

        public Dnsmasq start() {
            return startOn(freePort());
        }

        Dnsmasq startOn(int port) {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException("dnsmasq is not installed (" + BINARY + "); ./test.sh installs it: "
                        + "apt-get install dnsmasq");
            }
            try {
                Path dir = Files.createTempDirectory("fedchat-dnsmasq");
                Path conf = dir.resolve("dnsmasq.conf");
                List<String> all = new ArrayList<>(List.of(
                        "port=" + port, "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts",
                        "no-poll", "local=/test/", "log-facility=-", "local-ttl=" + ttl,
                        "pid-file=" + dir.resolve("dnsmasq.pid"), "address=/localhost/127.0.0.1"));
                all.addAll(lines);
                Files.write(conf, all, StandardCharsets.UTF_8);
                Process process = new ProcessBuilder(BINARY.toString(), "--conf-file=" + conf, "--keep-in-foreground")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("dnsmasq.log").toFile())
                        .start();
                Dnsmasq server = new Dnsmasq(dir, process, port);
                awaitReady(server, dir);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start dnsmasq", e);
            }
        }

        private static void awaitReady(Dnsmasq server, Path dir) {
            SimpleResolver probe = new SimpleResolver(server.address());
            probe.setTimeout(Duration.ofMillis(200));
            try {
                Awaitility.await("dnsmasq on port " + server.port + " answering")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            if (!server.process.isAlive()) {
                                throw new IllegalStateException("dnsmasq exited: "
                                        + Files.readString(dir.resolve("dnsmasq.log")));
                            }
                            try {
                                Message m = probe.send(Message.newQuery(org.xbill.DNS.Record.newRecord(
                                        Name.fromString("localhost."), Type.A, DClass.IN)));
                                return m.getRcode() == Rcode.NOERROR;
                            } catch (IOException notYet) {
                                return false;
                            }
                        });
            } catch (RuntimeException e) {
                server.close();
                throw e;
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
                    throw new UncheckedIOException(e);
                }
            }
            throw new IllegalStateException("no free loopback port for dnsmasq");
        }
    }
}
