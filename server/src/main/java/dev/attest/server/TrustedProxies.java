package dev.attest.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxies whose word about the client's address is taken: a list of CIDR ranges
 * ({@code ATTEST_TRUSTED_PROXIES=10.0.0.0/8,fd00::/8}). Behind a proxy every connection comes from the proxy, so the
 * client is named by the {@code X-Forwarded-For} or {@code Forwarded} (RFC 7239 §5.2) header that the proxy appends
 * to. Anybody can send those headers too, so they are read only when the connection comes from a trusted proxy, and
 * then from the right: the client is the right-most address that is not itself a trusted proxy — the one the last
 * trusted proxy saw — never an address that the client wrote further left.
 *
 * <p>Immutable and thread-safe. Addresses are parsed as literals only, never looked up in DNS.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** No proxy is trusted: the client is always the connection's peer. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Reads a comma-separated list of CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses;
     * blank means none.
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or CIDR range
     */
    public static TrustedProxies parse(String text) {
        var ranges = new ArrayList<Range>();
        for (String entry : text.split(",", -1)) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int slash = trimmed.indexOf('/');
            InetAddress network = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("trusted proxies: '" + trimmed
                        + "' is not an IP address or CIDR range such as 10.0.0.0/8 or fd00::/8");
            }
            int bits = network.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = trimmed.substring(slash + 1);
                if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                    throw new IllegalArgumentException("trusted proxies: the prefix length of '" + trimmed
                            + "' must be a number from 0 to " + bits);
                }
                prefix = Integer.parseInt(length);
            }
            ranges.add(new Range(network.getAddress(), prefix));
        }
        return new TrustedProxies(ranges);
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} lies in one of the trusted ranges. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address.
     *
     * @param peer the address the connection comes from
     * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order
     * @param forwarded the values of every {@code Forwarded} header, in order
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor, List<String> forwarded) {
        if (!contains(peer)) {
            return peer;
        }
        List<String> fromXff = xForwardedFor(forwardedFor);
        List<String> fromForwarded = forwardedFor(forwarded);
        if (fromForwarded.isEmpty()) {
            return rightmostUntrusted(peer, fromXff);
        }
        if (fromXff.isEmpty()) {
            return rightmostUntrusted(peer, fromForwarded);
        }
        // A proxy appends to one of the two; the other may be the client's own invention. When they disagree there
        // is no telling which, so the proxy is named rather than an address the client may have written.
        InetAddress a = rightmostUntrusted(peer, fromXff);
        InetAddress b = rightmostUntrusted(peer, fromForwarded);
        return a.equals(b) ? a : peer;
    }

    private InetAddress rightmostUntrusted(InetAddress peer, List<String> hops) {
        InetAddress current = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(withoutPort(hops.get(i)));
            if (hop == null) {
                // "unknown", an obfuscated name or garbage: nothing to its left can be vouched for.
                return current;
            }
            if (!contains(hop)) {
                return hop;
            }
            current = hop;
        }
        return current;
    }

    private static List<String> xForwardedFor(List<String> values) {
        var hops = new ArrayList<String>();
        for (String value : values) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    /** The {@code for} parameter of each element of RFC 7239 {@code Forwarded} values, in order. */
    private static List<String> forwardedFor(List<String> values) {
        var hops = new ArrayList<String>();
        for (String value : values) {
            for (String element : split(value, ',')) {
                String hop = "unknown";
                for (String pair : split(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0
                            && pair.substring(0, equals)
                                    .strip()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        hop = unquote(pair.substring(equals + 1).strip());
                    }
                }
                hops.add(hop);
            }
        }
        return hops;
    }

    /** Splits on {@code separator} outside quoted strings (RFC 7230 §3.2.6). */
    private static List<String> split(String text, char separator) {
        var parts = new ArrayList<String>();
        var part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }

    /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}, {@code [2001:db8::1]:4711} → {@code 2001:db8::1}. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? hop : hop.substring(1, close);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    /** The address written as an IPv4 or IPv6 literal (no zone), or {@code null}; never a DNS lookup. */
    static @Nullable InetAddress literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.", -1);
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            // With a colon and nothing but hex digits, colons and dots, the JDK parses an IPv6 literal, never a name.
            if (text.length() <= 45 && IPV6.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** A CIDR range: the network's bytes and how many leading bits must match. */
    private static final class Range {
        private final byte[] network;
        private final int prefix;

        Range(byte[] network, int prefix) {
            this.network = network.clone();
            this.prefix = prefix;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
