package org.syncroom.signaling.together;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackKeyTest {
    @Test
    void tagsGiveArtistTitleAndDuration() {
        assertThat(TrackKey.of("Daft Punk", "Digital Love", 301.4, "x.mp3")).isEqualTo("Daft Punk - Digital Love (5:01)");
    }

    @Test
    void sameTagsWrittenDifferentlyGiveTheSameKey() {
        String a = TrackKey.of("  Björk ", "Jóga\t", 305.2, "a.flac");
        String b = TrackKey.of("Bjo\u0308rk", " Jóga ", 304.8, "b.mp3");
        assertThat(a).isEqualTo(b).isEqualTo("Björk - Jóga (5:05)");
    }

    @Test
    void withoutATitleTheFileNameIsUsed() {
        assertThat(TrackKey.of("Someone", " ", 62, "/music/My Song.final.ogg")).isEqualTo("My Song.final (1:02)");
        assertThat(TrackKey.of(null, null, Double.NaN, "clip.wav")).isEqualTo("clip");
    }

    @Test
    void nothingToNameGivesNoKey() {
        assertThat(TrackKey.of(null, null, 10, null)).isNull();
        assertThat(TrackKey.of("", "", 10, "")).isNull();
    }

    @Test
    void overlongPartsAreBounded() {
        String key = TrackKey.of("a".repeat(500), "t".repeat(500), 1, null);
        assertThat(key.length()).isLessThanOrEqualTo(2 * TrackKey.MAX_PART_CHARS + 10);
    }
}
