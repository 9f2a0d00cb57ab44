package dev.kongjian.kit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

class CharactersTests {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    record Name(@Characters(min = 2, max = 4) String value) {
    }

    record Note(@Characters(max = 3) String value) {
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertThat(messages(new Note(emoji.repeat(3)))).isEmpty();
        assertThat(messages(new Note(emoji.repeat(4)))).containsExactly("must be at most 3 characters");
        assertThat(messages(new Note("𠀀ab"))).isEmpty(); // a CJK ideograph outside the BMP
        assertThat(messages(new Note("abcd"))).containsExactly("must be at most 3 characters");
    }

    @Test
    void saysBothLimitsWhenThereIsALowerOne() {
        assertThat(messages(new Name("a"))).containsExactly("must be 2 to 4 characters");
        assertThat(messages(new Name("ab"))).isEmpty();
        assertThat(messages(new Name("abcd"))).isEmpty();
        assertThat(messages(new Name("abcde"))).containsExactly("must be 2 to 4 characters");
    }

    @Test
    void refusesControlCharactersButNotTabsAndLineBreaks() {
        assertThat(messages(new Note("a\u0000b"))).containsExactly("must not contain control characters");
        assertThat(messages(new Note("\u001b[1"))).containsExactly("must not contain control characters");
        assertThat(messages(new Note("a\tb"))).isEmpty();
        assertThat(messages(new Note("a\r\n"))).isEmpty();
    }

    @Test
    void leavesNullToNotNull() {
        assertThat(messages(new Name(null))).isEmpty();
    }

    private static List<String> messages(Object bean) {
        return FACTORY.getValidator().validate(bean).stream().map(ConstraintViolation::getMessage).toList();
    }
}
