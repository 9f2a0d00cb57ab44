package dev.kongjian.media.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class MediaKindsTests {

    @Test
    void imagesAreKnownByTheirBytes() throws IOException {
        assertThat(MediaKinds.detect(image("png"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.IMAGE, "image/png"));
        assertThat(MediaKinds.detect(image("jpg"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.IMAGE, "image/jpeg"));
        assertThat(MediaKinds.detect(image("gif"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.IMAGE, "image/gif"));
    }

    @Test
    void videoAndAudioAreKnownByTheirContainers() {
        assertThat(MediaKinds.detect(Samples.mp4())).map(MediaKinds.Detected::kind).hasValue(MediaKinds.Kind.VIDEO);
        assertThat(MediaKinds.detect(Samples.mp3())).map(MediaKinds.Detected::kind).hasValue(MediaKinds.Kind.AUDIO);
        assertThat(MediaKinds.detect(Samples.wav())).map(MediaKinds.Detected::kind).hasValue(MediaKinds.Kind.AUDIO);
    }

    @Test
    void anIsoMediaFileIsTypedByItsMajorBrand() {
        assertThat(MediaKinds.detect(iso("isom"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.VIDEO, "video/mp4"));
        assertThat(MediaKinds.detect(iso("mp42"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.VIDEO, "video/mp4"));
        assertThat(MediaKinds.detect(iso("qt  ")))
                .hasValue(new MediaKinds.Detected(MediaKinds.Kind.VIDEO, "video/quicktime"));
        assertThat(MediaKinds.detect(iso("3gp4"))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.VIDEO, "video/3gpp"));
        assertThat(MediaKinds.detect(iso("M4A "))).hasValue(new MediaKinds.Detected(MediaKinds.Kind.AUDIO, "audio/mp4"));
    }

    @Test
    void anythingElseIsRefusedWhateverItIsCalled() {
        assertThat(MediaKinds.detect("just some text, named cat.jpg".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(MediaKinds.detect("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaKinds.detect(new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 })).isEmpty();
        assertThat(MediaKinds.detect(new byte[0])).isEmpty();
    }

    /** An {@code ftyp} box of that major brand, then an empty {@code mdat}. */
    static byte[] iso(String brand) {
        byte[] mp4 = Samples.mp4();
        System.arraycopy(brand.getBytes(StandardCharsets.US_ASCII), 0, mp4, 8, 4);
        return mp4;
    }

    static byte[] image(String format) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }
}
