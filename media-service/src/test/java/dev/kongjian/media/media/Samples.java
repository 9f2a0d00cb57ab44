package dev.kongjian.media.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The smallest files that are what they say: the container headers a detector goes by. */
public final class Samples {

    private Samples() {
    }

    /** A real file made with ffmpeg, from {@code src/test/resources/samples}. */
    public static byte[] file(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An MP4: an {@code ftyp} box of brand {@code isom}, then an empty {@code mdat}. */
    public static byte[] mp4() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 0, 0, 0, 0x18 });
        out.writeBytes("ftypisom".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] { 0, 0, 2, 0 });
        out.writeBytes("isomiso2".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] { 0, 0, 0, 8 });
        out.writeBytes("mdat".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** An MP3: an ID3v2 tag, then MPEG-1 layer III frame headers. */
    public static byte[] mp3() {
        var out = new ByteArrayOutputStream();
        out.writeBytes("ID3".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] { 3, 0, 0, 0, 0, 0, 0 });
        for (int i = 0; i < 4; i++) {
            out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64 });
            out.writeBytes(new byte[413]);
        }
        return out.toByteArray();
    }

    /** A WAV: a RIFF header, a PCM format chunk and a short data chunk of silence. */
    public static byte[] wav() {
        ByteBuffer wav = ByteBuffer.allocate(44 + 800).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 800).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(800);
        return wav.array();
    }
}
