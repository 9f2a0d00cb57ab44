package dev.kongjian.kit.paging;

import java.util.Date;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

/**
 * Keyset pages over MongoDB documents ordered by a time field and then
 * {@code _id}: the filter for "after this cursor", the sort, and the cursor of a row. Stable
 * under concurrent inserts: a row inserted meanwhile never shifts a page already served.
 */
public final class Keyset {

    private Keyset() {
    }

    /** {@code base}, narrowed to the rows after the page's cursor, if it has one. */
    public static Bson newestFirst(Bson base, String timeField, PageRequest page) {
        return after(base, timeField, page, true);
    }

    /** The same for pages that run oldest first (a conversation, the comments under a post). */
    public static Bson oldestFirst(Bson base, String timeField, PageRequest page) {
        return after(base, timeField, page, false);
    }

    private static Bson after(Bson base, String timeField, PageRequest page, boolean newestFirst) {
        if (page.cursor().isEmpty()) {
            return base;
        }
        Cursor cursor = page.cursor().get();
        Date at;
        try {
            at = new Date(Long.parseLong(cursor.value(0)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new dev.kongjian.kit.problem.InvalidRequest("cursor", "is not a cursor this service issued");
        }
        String id = cursor.values().size() > 1 ? cursor.value(1) : "";
        if (newestFirst) {
            return Filters.and(base, Filters.or(Filters.lt(timeField, at),
                    Filters.and(Filters.eq(timeField, at), Filters.lt("_id", id))));
        }
        return Filters.and(base, Filters.or(Filters.gt(timeField, at),
                Filters.and(Filters.eq(timeField, at), Filters.gt("_id", id))));
    }

    public static Document oldestFirstSort(String timeField) {
        return new Document(timeField, 1).append("_id", 1);
    }

    public static Document newestFirstSort(String timeField) {
        return new Document(timeField, -1).append("_id", -1);
    }

    public static Cursor cursorOf(Document row, String timeField) {
        return Cursor.of(Long.toString(row.getDate(timeField).getTime()), String.valueOf(row.get("_id")));
    }
}
