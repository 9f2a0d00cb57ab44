package dev.kongjian.kit.problem;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Names the field behind a JSON value of the wrong kind ({@code "visibility": "EVERYONE"},
 * {@code "mediaIds": "m1"}), so that the client gets the same {@code errors} list as for any
 * other invalid field instead of a bare "malformed body".
 */
final class JsonValueErrors {

    private JsonValueErrors() {
    }

    /** The field and what it must be, or null when the mismatch is the body itself (an array for an object). */
    static FieldError of(MismatchedInputException e) {
        String field = field(e);
        return field.isEmpty() ? null : new FieldError(field, expected(e.getTargetType()));
    }

    /** The JSON path in the request's own terms: {@code author.name}, {@code mediaIds[2]}. */
    static String field(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "is not of the expected type";
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ", "must be one of ", ""));
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "must be an object";
        }
        return "is not of the expected type";
    }
}
