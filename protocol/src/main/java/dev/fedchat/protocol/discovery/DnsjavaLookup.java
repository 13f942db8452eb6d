package dev.fedchat.protocol.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsLookup} on dnsjava, asking either the system's resolvers ({@code /etc/resolv.conf})
 * or one DNS server given as {@code host:port} ({@code --dns-server}, for tests and split-horizon
 * set-ups). Each question is one query with no cache here: caching by TTL is
 * {@link PeerCache}'s job, so a fixed record is seen as soon as its TTL allows.
 *
 * <p>Thread-safe: dnsjava resolvers may be shared between threads.
 */
public final class DnsjavaLookup implements DnsLookup {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final String description;

    private DnsjavaLookup(Resolver resolver, String description) {
        this.resolver = resolver;
        this.description = description;
    }

    /** The resolvers of this machine. */
    public static DnsjavaLookup system(Duration timeout) {
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        return new DnsjavaLookup(resolver, "the system resolver");
    }

    /** One DNS server, asked directly. */
    public static DnsjavaLookup at(DnsServerAddress server, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server.host(), server.port()));
        resolver.setTimeout(timeout);
        return new DnsjavaLookup(resolver, "the DNS server " + server);
    }

    /** The given server when there is one, the system's resolvers otherwise. */
    public static DnsjavaLookup of(Optional<DnsServerAddress> server, Duration timeout) {
        return server.map(s -> at(s, timeout)).orElseGet(() -> system(timeout));
    }

    @Override
    public DnsAnswer<SrvRecord> srv(String name) {
        return ask(name, Type.SRV, r -> r instanceof SRVRecord s
                ? new SrvRecord(withoutDot(s.getName()), (int) s.getTTL(), s.getPriority(), s.getWeight(), s.getPort(), s.getTarget().toString())
                : null);
    }

    @Override
    public DnsAnswer<TxtRecord> txt(String name) {
        return ask(name, Type.TXT, r -> r instanceof TXTRecord t ? new TxtRecord(withoutDot(t.getName()), (int) t.getTTL(), t.getStrings().isEmpty() ? List.of("") : t.getStrings()) : null);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        DnsAnswer<InetAddress> v4 = ask(host, Type.A, r -> r instanceof ARecord a ? a.getAddress() : null);
        DnsAnswer<InetAddress> v6 = ask(host, Type.AAAA, r -> r instanceof AAAARecord a ? a.getAddress() : null);
        if (v4 instanceof DnsAnswer.Found<InetAddress> f4 && v6 instanceof DnsAnswer.Found<InetAddress> f6) {
            List<InetAddress> all = new ArrayList<>(f4.records());
            all.addAll(f6.records());
            return new DnsAnswer.Found<>(all, Math.min(f4.ttlSeconds(), f6.ttlSeconds()));
        }
        if (v4 instanceof DnsAnswer.Found<InetAddress>) {
            return v4;
        }
        if (v6 instanceof DnsAnswer.Found<InetAddress>) {
            return v6;
        }
        return v4;
    }

    @Override
    public String describe() {
        return description;
    }

    private <T> DnsAnswer<T> ask(String name, int type, Function<org.xbill.DNS.Record, T> convert) {
        Name absolute;
        try {
            absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return new DnsAnswer.Failed<>("'" + name + "' is not a valid DNS name: " + e.getMessage(), false);
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(absolute, type, DClass.IN)));
        } catch (SocketTimeoutException e) {
            return timedOut();
        } catch (PortUnreachableException e) {
            return new DnsAnswer.Failed<>(description + " is not listening (port unreachable)", false);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("timed out")) {
                return timedOut();
            }
            return new DnsAnswer.Failed<>(description + " could not be asked: " + e, false);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsAnswer.Missing<>(false);
        }
        if (rcode != Rcode.NOERROR) {
            return new DnsAnswer.Failed<>(description + " answered " + Rcode.string(rcode), false);
        }
        List<T> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (org.xbill.DNS.Record r : response.getSection(Section.ANSWER)) {
            T converted = convert.apply(r);
            if (converted != null) {
                records.add(converted);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        return records.isEmpty() ? new DnsAnswer.Missing<>(true) : new DnsAnswer.Found<>(records, ttl);
    }

    private <T> DnsAnswer<T> timedOut() {
        return new DnsAnswer.Failed<>(description + " did not answer in time", true);
    }

    private static String withoutDot(Name name) {
        String text = name.toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
