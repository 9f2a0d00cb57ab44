package dev.kongjian.kit.mongo;

import org.springframework.dao.DuplicateKeyException;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

/**
 * Telling a unique-key collision (which the code uses on purpose: "someone did this already")
 * from any other failed write, whichever way it arrives: translated by Spring's
 * {@code MongoTemplate}, or raw from the driver's collection API.
 */
public final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** Runs an insert: true if it stored its document, false where one with the same unique key is stored already. */
    public static boolean insertedOnce(Runnable insert) {
        try {
            insert.run();
            return true;
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    public static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof DuplicateKeyException
                || (e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY);
    }
}
