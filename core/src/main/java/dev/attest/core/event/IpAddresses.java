package dev.attest.core.event;

/**
 * Recognizes IP address literals without ever resolving a name (unlike {@code InetAddress.getByName}): the rule
 * {@code context.ip} is held to.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /** Whether {@code text} is a dotted-quad IPv4 address or an RFC 4291 §2.2 IPv6 address, without a zone. */
    public static boolean isLiteral(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            // Leading zeros are ambiguous (octal in some parsers), so "01.2.3.4" is not accepted.
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        if (text.length() < 2 || text.length() > 45) {
            return false;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int groups = 0;
        String[][] sides = {
            head.isEmpty() ? new String[0] : head.split(":", -1), tail.isEmpty() ? new String[0] : tail.split(":", -1)
        };
        for (int side = 0; side < 2; side++) {
            String[] parts = sides[side];
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = (side == 1 || doubleColon < 0) && i == parts.length - 1;
                if (last && part.contains(".")) {
                    // An embedded IPv4 address takes the place of the last two groups.
                    if (!isIpv4(part)) {
                        return false;
                    }
                    groups += 2;
                } else if (isHexGroup(part)) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if (Character.digit(part.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
