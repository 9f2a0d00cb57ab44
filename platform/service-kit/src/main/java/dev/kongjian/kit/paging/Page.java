package dev.kongjian.kit.paging;

import java.util.List;
import java.util.function.Function;

/** The answer of every paginated endpoint: {@code {"items": [...], "nextCursor": "..." | null}}. */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from up to {@code limit + 1} fetched rows: the extra row only tells that
     * another page exists, and the cursor points after the last row shown.
     */
    public static <T> Page<T> fromFetched(List<T> fetched, int limit, Function<T, Cursor> positionOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> shown = fetched.subList(0, limit);
        return new Page<>(shown, positionOf.apply(shown.getLast()).encode());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
