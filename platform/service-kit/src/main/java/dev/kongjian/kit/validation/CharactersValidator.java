package dev.kongjian.kit.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Counts code points for {@link Characters}, says the limits in its message, and refuses control characters. */
public class CharactersValidator implements ConstraintValidator<Characters, CharSequence> {

    private int min;
    private int max;

    @Override
    public void initialize(Characters characters) {
        this.min = characters.min();
        this.max = characters.max();
    }

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
        if (text == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        if (text.chars().anyMatch(CharactersValidator::isControlOtherThanWhitespace)) {
            context.buildConstraintViolationWithTemplate("must not contain control characters")
                    .addConstraintViolation();
            return false;
        }
        long count = Character.codePointCount(text, 0, text.length());
        if (count >= min && count <= max) {
            return true;
        }
        context.buildConstraintViolationWithTemplate(min == 0 ? "must be at most " + max + " characters"
                : "must be " + min + " to " + max + " characters").addConstraintViolation();
        return false;
    }

    /** NUL, bell, escape and the like, which nobody types; tabs and line breaks are text. */
    private static boolean isControlOtherThanWhitespace(int c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
    }
}
