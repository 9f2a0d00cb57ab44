package dev.kongjian.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection driven by hand, for what ordinary clients never do on purpose: several
 * requests written at once (pipelined) and the answers read back in order on the same socket.
 */
final class RawHttpConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port, Duration readTimeout) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) readTimeout.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a GET, with a bearer token when one is given. */
    static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
    }

    /** Writes these requests in one go. */
    void write(String... requests) throws IOException {
        out.write(String.join("", requests).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one whole response (fixed length or chunked) and returns its status code. */
    int readStatus() throws IOException {
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            skipChunks();
        } else {
            int at = lower.indexOf("\r\ncontent-length:");
            if (at >= 0) {
                int end = lower.indexOf("\r\n", at + 2);
                in.readNBytes(Integer.parseInt(head.substring(at + 17, end).trim()));
            }
        }
        return status;
    }

    /** Reads the status line and headers of the next response. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(readByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private void skipChunks() throws IOException {
        while (true) {
            int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return;
            }
            in.readNBytes(size);
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = readByte()) != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed by the server");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
