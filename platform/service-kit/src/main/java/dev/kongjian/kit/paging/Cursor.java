package dev.kongjian.kit.paging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.kongjian.kit.problem.InvalidRequest;

/**
 * A keyset position, such as (createdAt, id) of the last item on a page, carried to the
 * client as an opaque string. Values are strings; a cursor the client altered is a 400, never
 * a query on its contents.
 */
public record Cursor(List<String> values) {

    private static final char SEPARATOR = '\u001f';
    private static final String VERSION = "1";

    public Cursor {
        values = List.copyOf(values);
    }

    public static Cursor of(String... values) {
        return new Cursor(List.of(values));
    }

    public String value(int index) {
        return values.get(index);
    }

    public String encode() {
        String joined = VERSION + SEPARATOR + String.join(String.valueOf(SEPARATOR), values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String encoded) {
        try {
            String joined = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>(List.of(joined.split(String.valueOf(SEPARATOR), -1)));
            if (parts.size() < 2 || !VERSION.equals(parts.removeFirst())) {
                throw invalid();
            }
            return new Cursor(parts);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static InvalidRequest invalid() {
        return new InvalidRequest("cursor", "is not a cursor this service issued");
    }
}
