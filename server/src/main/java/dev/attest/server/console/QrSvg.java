package dev.attest.server.console;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn as an inline SVG: one path of unit squares, dark on a light quiet zone of four modules (ISO/IEC
 * 18004 §6.3.8), scaled by the browser. Nothing in it comes from the request but the encoded text, which only sets
 * which squares are dark, so the markup is safe to embed unescaped.
 */
final class QrSvg {
    private static final int QUIET_ZONE = 4;

    private QrSvg() {}

    /**
     * @param text what the code holds, e.g. an {@code otpauth://} URI
     * @param label the accessible name of the image
     */
    static String of(String text, String label) {
        QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = code.size + 2 * QUIET_ZONE;
        var path = new StringBuilder(code.size * code.size * 4);
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M')
                            .append(x + QUIET_ZONE)
                            .append(',')
                            .append(y + QUIET_ZONE)
                            .append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" class=\"qr\" role=\"img\" aria-label=\"" + escapeAttribute(label)
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
