package dev.attest.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Plain HTTP/1.1 over a socket, for requests a well-behaved client cannot send: bodies far larger than announced or
 * streamed without end, and answers read while the body is still being written (as a server that refuses early
 * sends them).
 */
final class HostileClient {
    /** A response: status, headers (lower-case names), body, and how long it took to arrive. */
    record Answer(int status, Map<String, String> headers, String body, Duration elapsed) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** Writes a body on another thread, so that the answer can arrive before the body is written. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int port;

    HostileClient(int port) {
        this.port = port;
    }

    /**
     * Sends {@code head} (the request line and headers, without the blank line) and then {@code body}, and reads the
     * answer as soon as it comes, whether or not the body was taken.
     */
    Answer send(String head, Body body) {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    body.writeTo(out);
                    out.flush();
                } catch (IOException refusedEarly) {
                    // The server answered and closed while the body was still on its way: what is being tested.
                }
            });
            Answer answer = read(socket.getInputStream(), start);
            writer.interrupt();
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body of {@code total} bytes: {@code prefix}, then {@code element} repeated, then {@code suffix}. */
    static Body repeated(String prefix, String element, long count, String suffix) {
        return out -> {
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = element.repeat(4096).getBytes(StandardCharsets.UTF_8);
            long written = 0;
            while (written + 4096 <= count) {
                out.write(chunk);
                written += 4096;
            }
            out.write(element.repeat((int) (count - written)).getBytes(StandardCharsets.UTF_8));
            out.write(suffix.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** {@code body} in HTTP/1.1 chunked transfer coding (RFC 9112 §7.1), in chunks of 64 KiB. */
    static Body chunked(Body body) {
        return out -> {
            var chunker = new OutputStream() {
                private final byte[] buffer = new byte[65_536];
                private int filled;

                @Override
                public void write(int b) throws IOException {
                    buffer[filled++] = (byte) b;
                    if (filled == buffer.length) {
                        flushChunk();
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    for (int i = 0; i < length; i++) {
                        write(bytes[offset + i]);
                    }
                }

                void flushChunk() throws IOException {
                    if (filled > 0) {
                        out.write((Integer.toHexString(filled) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(buffer, 0, filled);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        filled = 0;
                    }
                }
            };
            body.writeTo(chunker);
            chunker.flushChunk();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static Answer read(InputStream in, long start) throws IOException {
        String status = line(in);
        var headers = new LinkedHashMap<String, String>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        var body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        return new Answer(
                Integer.parseInt(status.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3)),
                headers,
                body.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
