package dev.kongjian.kit.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A text's length in characters as its writer counts them, that is in Unicode code points: an emoji
 * or a rare CJK ideograph is one character, where {@code @Size} would count the two UTF-16 units
 * Java stores it in. Control characters other than tabs and line breaks (NUL, escape…) are
 * refused: nobody types them, and some stores cannot keep them. {@code null} is valid (pair with
 * {@code @NotNull} or {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = CharactersValidator.class)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
        ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Characters {

    int min() default 0;

    int max();

    String message() default "has too few or too many characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
