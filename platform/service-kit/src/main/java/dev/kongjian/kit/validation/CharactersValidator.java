package dev.kongjian.kit.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Counts code points for {@link Characters}, and says the limits in its message. */
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
        long count = Character.codePointCount(text, 0, text.length());
        if (count >= min && count <= max) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(min == 0 ? "must be at most " + max + " characters"
                : "must be " + min + " to " + max + " characters").addConstraintViolation();
        return false;
    }
}
