package dev.kongjian.media.media;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.apache.tika.Tika;

/**
 * What an upload is, decided from its first bytes (Tika's magic numbers), never from its name or
 * declared type: a text file called {@code cat.jpg} is no image. Only the types listed here are
 * taken; anything else is refused.
 */
final class MediaKinds {

    enum Kind { IMAGE, VIDEO, AUDIO }

    record Detected(Kind kind, String contentType) {
    }

    /** How many leading bytes are enough to tell. */
    static final int HEAD_BYTES = 64 * 1024;

    private static final Tika TIKA = new Tika();

    private static final Map<String, Detected> ACCEPTED = Map.ofEntries(
            image("image/jpeg"), image("image/png"), image("image/gif"), image("image/webp"), image("image/bmp"),
            video("video/mp4"), video("video/quicktime"), video("video/webm"), video("video/x-matroska"),
            video("video/3gpp"), video("video/x-msvideo"),
            audio("audio/mpeg"), audio("audio/mp4"), audio("audio/ogg"), audio("audio/vorbis"), audio("audio/opus"),
            audio("audio/vnd.wave"), audio("audio/x-wav"), audio("audio/wav"), audio("audio/x-flac"),
            audio("audio/flac"), audio("audio/aac"), audio("audio/amr"));

    private MediaKinds() {
    }

    static Optional<Detected> detect(byte[] head) {
        String type = TIKA.detect(head);
        if (type.equals("video/quicktime") || type.equals("video/mp4") || type.equals("audio/mp4")) {
            type = isoBrand(head).orElse(type);
        }
        return Optional.ofNullable(ACCEPTED.get(type));
    }

    /**
     * An ISO base media file (MP4 and its kin) says what it is in the major brand of its
     * {@code ftyp} box. Tika's core detection calls an ordinary MP4 from a phone or ffmpeg
     * ({@code isom}, {@code mp42}) QuickTime, and the app would be served the wrong type.
     */
    private static Optional<String> isoBrand(byte[] head) {
        if (head.length < 12 || !new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            return Optional.empty();
        }
        String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
        if (brand.equals("qt  ")) {
            return Optional.of("video/quicktime");
        }
        if (brand.startsWith("M4A") || brand.startsWith("M4B") || brand.startsWith("M4P")) {
            return Optional.of("audio/mp4");
        }
        if (brand.startsWith("3gp") || brand.startsWith("3g2")) {
            return Optional.of("video/3gpp");
        }
        return Optional.of("video/mp4");
    }

    private static Map.Entry<String, Detected> image(String type) {
        return Map.entry(type, new Detected(Kind.IMAGE, type));
    }

    private static Map.Entry<String, Detected> video(String type) {
        return Map.entry(type, new Detected(Kind.VIDEO, type));
    }

    private static Map.Entry<String, Detected> audio(String type) {
        return Map.entry(type, new Detected(Kind.AUDIO, type));
    }
}
