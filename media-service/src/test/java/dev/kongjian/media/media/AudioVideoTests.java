package dev.kongjian.media.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Real files made with ffmpeg (src/test/resources/samples): 64x48 video with sound, tones. */
class AudioVideoTests {

    final AudioVideo audioVideo = new AudioVideo();

    @Test
    void anMp4sLengthAndPictureSizeComeFromItsMovieHeaderAtTheEnd() {
        var facts = facts("clip.mp4");

        assertThat(facts.durationMs()).isEqualTo(2_500);
        assertThat(facts.width()).isEqualTo(64);
        assertThat(facts.height()).isEqualTo(48);
    }

    @Test
    void aQuickTimeMovieToo() {
        var facts = facts("clip.mov");

        assertThat(facts).isEqualTo(new AudioVideo.Facts(64, 48, 2_500L));
    }

    @Test
    void aVideoFilmedUprightIsAsWideAsItIsShown() {
        assertThat(facts("rotated.mp4")).isEqualTo(new AudioVideo.Facts(48, 64, 2_500L));
    }

    @Test
    void soundsHaveALengthAndNoPicture() {
        assertThat(facts("tone.m4a")).isEqualTo(new AudioVideo.Facts(null, null, 1_200L));
        assertThat(facts("tone.wav")).isEqualTo(new AudioVideo.Facts(null, null, 750L));
        var mp3 = facts("tone.mp3");
        assertThat(mp3.width()).isNull();
        // an encoder pads the last frame: 1.5 s of tone is 1.584 s of MP3
        assertThat(mp3.durationMs()).isCloseTo(1_550L, within(50L));
    }

    @Test
    void whatCannotBeReadHasNoDurationAndIsNoError() {
        byte[] clip = Samples.file("clip.mp4");
        byte[] cut = Arrays.copyOf(clip, clip.length / 2);

        assertThat(audioVideo.of("video/mp4", () -> new ByteArrayInputStream(cut))).isEqualTo(AudioVideo.Facts.NONE);
        assertThat(audioVideo.of("audio/vnd.wave", () -> new ByteArrayInputStream(Samples.mp4())))
                .isEqualTo(AudioVideo.Facts.NONE);
        assertThat(audioVideo.of("video/webm", () -> new ByteArrayInputStream(clip))).isEqualTo(AudioVideo.Facts.NONE);
    }

    @Test
    void theRealFilesAreKnownByTheirBytes() {
        assertThat(typeOf("clip.mp4")).isEqualTo("video/mp4");
        assertThat(typeOf("clip.mov")).isEqualTo("video/quicktime");
        assertThat(typeOf("tone.m4a")).isEqualTo("audio/mp4");
        assertThat(typeOf("tone.mp3")).isEqualTo("audio/mpeg");
        assertThat(typeOf("tone.wav")).isEqualTo("audio/vnd.wave");
    }

    private static String typeOf(String sample) {
        return MediaKinds.detect(Samples.file(sample)).map(MediaKinds.Detected::contentType).orElse("refused");
    }

    private AudioVideo.Facts facts(String sample) {
        byte[] bytes = Samples.file(sample);
        return audioVideo.of(typeOf(sample), () -> new ByteArrayInputStream(bytes));
    }
}
