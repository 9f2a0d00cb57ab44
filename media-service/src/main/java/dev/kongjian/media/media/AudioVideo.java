package dev.kongjian.media.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.XMPDM;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.mp3.Mp3Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import com.drew.imaging.mp4.Mp4MetadataReader;
import com.drew.imaging.quicktime.QuickTimeMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;

/**
 * A video's or a sound's length, and a video's picture size as it is shown (turned by its rotation),
 * read from the container's headers as the bytes stream past: MP4, M4A, 3GP and QuickTime (their
 * movie header, with metadata-extractor, which skips the media data), MP3 (its frames, with Tika)
 * and WAV (its format chunk). Nothing is decoded, and other containers (WebM, Matroska, Ogg, FLAC)
 * simply have no duration: an upload never fails here.
 */
@Component
class AudioVideo {

    private static final Logger log = LoggerFactory.getLogger(AudioVideo.class);

    record Facts(Integer width, Integer height, Long durationMs) {
        static final Facts NONE = new Facts(null, null, null);
    }

    Facts of(String contentType, Supplier<InputStream> bytes) {
        try (InputStream in = new BufferedInputStream(bytes.get(), 64 * 1024)) {
            return switch (contentType) {
                case "video/mp4", "video/3gpp", "audio/mp4" -> isoMedia(Mp4MetadataReader.readMetadata(in),
                        Mp4Directory.class, Mp4Directory.TAG_DURATION, Mp4Directory.TAG_TIME_SCALE,
                        Mp4Directory.TAG_ROTATION, Mp4VideoDirectory.class, Mp4VideoDirectory.TAG_WIDTH,
                        Mp4VideoDirectory.TAG_HEIGHT);
                case "video/quicktime" -> isoMedia(QuickTimeMetadataReader.readMetadata(in), QuickTimeDirectory.class,
                        QuickTimeDirectory.TAG_DURATION, QuickTimeDirectory.TAG_TIME_SCALE,
                        QuickTimeDirectory.TAG_ROTATION, QuickTimeVideoDirectory.class,
                        QuickTimeVideoDirectory.TAG_WIDTH, QuickTimeVideoDirectory.TAG_HEIGHT);
                case "audio/mpeg" -> mp3(in);
                case "audio/vnd.wave", "audio/x-wav", "audio/wav" -> wave(in);
                default -> Facts.NONE;
            };
        } catch (IOException | TikaException | SAXException
                | UnsupportedAudioFileException | RuntimeException e) {
            log.debug("No duration read from a {}: {}", contentType, e.toString());
            return Facts.NONE;
        }
    }

    private static Facts isoMedia(Metadata metadata, Class<? extends Directory> movieType, int durationTag,
            int timeScaleTag, int rotationTag, Class<? extends Directory> videoType, int widthTag, int heightTag) {
        Directory movie = metadata.getFirstDirectoryOfType(movieType);
        if (movie == null) {
            return Facts.NONE;
        }
        Long duration = movie.getLongObject(durationTag);
        Long timeScale = movie.getLongObject(timeScaleTag);
        Long durationMs = duration != null && timeScale != null && timeScale > 0 && duration > 0
                ? Math.round(duration * 1000.0 / timeScale) : null;
        Directory video = metadata.getFirstDirectoryOfType(videoType);
        Integer width = video == null ? null : video.getInteger(widthTag);
        Integer height = video == null ? null : video.getInteger(heightTag);
        Double rotation = movie.getDoubleObject(rotationTag);
        if (width != null && height != null && rotation != null && Math.round(Math.abs(rotation)) % 180 == 90) {
            return new Facts(height, width, durationMs);
        }
        return new Facts(width != null && width > 0 ? width : null, height != null && height > 0 ? height : null,
                durationMs);
    }

    private static Facts mp3(InputStream in) throws IOException, TikaException, SAXException {
        var metadata = new org.apache.tika.metadata.Metadata();
        new Mp3Parser().parse(in, new DefaultHandler(), metadata, new ParseContext());
        String seconds = metadata.get(XMPDM.DURATION);
        return seconds == null ? Facts.NONE : new Facts(null, null, Math.round(Double.parseDouble(seconds) * 1000));
    }

    private static Facts wave(InputStream in) throws IOException, UnsupportedAudioFileException {
        AudioFileFormat format = AudioSystem.getAudioFileFormat(in);
        float framesPerSecond = format.getFormat().getFrameRate();
        long frames = format.getFrameLength();
        return frames > 0 && framesPerSecond > 0 ? new Facts(null, null, Math.round(frames * 1000.0 / framesPerSecond))
                : Facts.NONE;
    }
}
