package dev.kongjian.kit.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** Reads the body once, up to a limit, so it can be both fingerprinted and handled. */
final class CachedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final boolean tooLarge;

    CachedBodyRequest(HttpServletRequest request, long limit) throws IOException {
        super(request);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean exceeded = false;
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[8192];
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (buffer.size() + read > limit) {
                    exceeded = true;
                    break;
                }
                buffer.write(chunk, 0, read);
            }
        }
        this.body = buffer.toByteArray();
        this.tooLarge = exceeded;
    }

    byte[] body() {
        return body;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }
        };
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
