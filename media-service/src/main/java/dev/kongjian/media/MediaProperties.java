package dev.kongjian.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large an upload of each kind may be, and how many times that a VIP member may upload;
 * the two thumbnail sizes (the longer side, in pixels); and how many thumbnails an instance
 * makes at once (each holds a decoded image in memory).
 */
@ConfigurationProperties("kongjian.media")
public record MediaProperties(
        @DefaultValue("20MB") DataSize maxImage,
        @DefaultValue("50MB") DataSize maxAudio,
        @DefaultValue("500MB") DataSize maxVideo,
        @DefaultValue("2") int vipFactor,
        @DefaultValue("160") int smallThumbnail,
        @DefaultValue("480") int mediumThumbnail,
        @DefaultValue("2") int thumbnailsAtOnce) {
}
