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

    public static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof DuplicateKeyException
                || (e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY);
    }
}
