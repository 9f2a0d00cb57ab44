package dev.kongjian.kit.paging;

import java.util.Optional;

/**
 * A page asked for with {@code ?limit=N&cursor=C}: limit 1 to 100 (default 20), and the
 * decoded position after which the page starts, when the caller had one.
 */
public record PageRequest(int limit, Optional<Cursor> cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

}
