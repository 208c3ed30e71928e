package dev.attest.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection with blocking I/O: the least client work per request, so that on a small machine
 * the figures measure the server rather than the client. Understands {@code Content-Length} and chunked responses,
 * reconnects after {@code Connection: close}. Not thread-safe: one per client thread.
 */
final class PlainHttp implements Closeable {
    /** A response: the status and the whole body. */
    static final class Response {
        private final int status;
        private final byte[] body;

        Response(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** The body itself, not a copy: callers only read it. */
        byte[] body() {
            return body;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final String authorization;
    private @Nullable Socket socket;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    PlainHttp(String host, int port, String apiKey) {
        this.host = host;
        this.port = port;
        this.authorization = "Bearer " + apiKey;
    }

    Response post(String path, byte[] body) throws IOException {
        return exchange("POST", path, body);
    }

    Response get(String pathAndQuery) throws IOException {
        return exchange("GET", pathAndQuery, null);
    }

    private Response exchange(String method, String target, byte @Nullable [] body) throws IOException {
        var all = new ByteArrayOutputStream();
        int status = exchange(method, target, body, all::write);
        return new Response(status, all.toByteArray());
    }

    private int exchange(String method, String target, byte @Nullable [] body, BodySink sink) throws IOException {
        if (socket == null) {
            connect();
        }
        var head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\nAuthorization: ")
                .append(authorization)
                .append("\r\nAccept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        OutputStream output = java.util.Objects.requireNonNull(out);
        output.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            output.write(body);
        }
        output.flush();
        return read(java.util.Objects.requireNonNull(in), sink);
    }

    private void connect() throws IOException {
        var s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    }

    /**
     * The lines of one GET's body, counted as it streams in and not kept: for bodies too large to hold, and so that
     * the client does as little as it can (an export).
     *
     * @throws IOException if the answer is not 200
     */
    long getLines(String pathAndQuery) throws IOException {
        var counter = new LineCounter();
        int status = exchange("GET", pathAndQuery, null, counter);
        if (status != 200) {
            throw new IOException(pathAndQuery + " answered " + status);
        }
        return counter.lines;
    }

    /** Receives a response's body in pieces as it is read. */
    interface BodySink {
        void accept(byte[] buffer, int offset, int length) throws IOException;
    }

    /** Counts the line ends of a body as its pieces arrive: all the client does with an export. */
    static final class LineCounter implements BodySink {
        long lines;

        /** The lines of a body held in memory, fed in the pieces a socket read gives: the client's own cost. */
        static long count(byte[] body) {
            var counter = new LineCounter();
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                counter.accept(body, offset, Math.min(64 * 1024, body.length - offset));
            }
            return counter.lines;
        }

        @Override
        public void accept(byte[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    /** Reads one response, handing its body to {@code sink}; returns its status. */
    private int read(InputStream input, BodySink sink) throws IOException {
        String status = line(input);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(input); !header.isEmpty(); header = line(input)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        byte[] buffer = new byte[64 * 1024];
        if (chunked) {
            for (int size = Integer.parseInt(line(input).split(";", 2)[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(input).split(";", 2)[0].trim(), 16)) {
                copy(input, size, buffer, sink);
                line(input);
            }
            for (String trailer = line(input); !trailer.isEmpty(); trailer = line(input)) {
                // Trailers carry nothing the benchmark needs.
            }
        } else if (length >= 0) {
            copy(input, length, buffer, sink);
        } else {
            for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
                sink.accept(buffer, 0, n);
            }
            close = true;
        }
        if (close) {
            close();
        }
        return code;
    }

    /** Hands exactly {@code length} bytes of {@code input} to {@code sink}. */
    private static void copy(InputStream input, long length, byte[] buffer, BodySink sink) throws IOException {
        for (long left = length; left > 0; ) {
            int n = input.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the body ended " + left + " bytes before its end");
            }
            sink.accept(buffer, 0, n);
            left -= n;
        }
    }

    private static String line(InputStream input) throws IOException {
        var text = new StringBuilder(64);
        int c;
        while ((c = input.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the connection closed mid-response");
            }
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing a finished connection: nothing left to lose.
            }
        }
    }
}
