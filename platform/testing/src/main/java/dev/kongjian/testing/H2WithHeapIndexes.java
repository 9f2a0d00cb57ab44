package dev.kongjian.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * mongo-java-server's on-disk (H2 MVStore) backend with its unique indexes, which answer every
 * lookup by {@code _id}, held in memory and rebuilt from the documents when the store opens. The
 * stock backend keeps them in H2 maps whose keys H2 can only compare by serialising both sides, on
 * every comparison of every lookup: measured at 57% of the embedded server's CPU under a home-feed
 * load, more than the service it was answering. Documents stay on disk, so a restart keeps them;
 * the indexes are derived from them.
 */
final class H2WithHeapIndexes extends H2Backend {

    /** How the stock backend names its index maps: {@code <database>.<collection>._index_<index>}. */
    private static final String INDEX_MAP_MARKER = "._index_";

    H2WithHeapIndexes(String file) {
        super(file);
        // the stock backend's index maps are no longer kept up to date: drop them, so that nothing trusts them later
        MVStore store = getMvStore();
        List<String> stale = store.getMapNames().stream().filter(name -> name.contains(INDEX_MAP_MARKER)).toList();
        stale.forEach(store::removeMap);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            // created empty: the collection fills an empty index from its documents when it adds it
            return new HeapUniqueIndex(indexName, keys, sparse);
        }
    }

    /** A unique index in a hash map; the index's own methods are synchronised, and so is every use of the map. */
    static final class HeapUniqueIndex extends AbstractUniqueIndex<Object> {

        private final Map<KeyValue, Object> positions = new HashMap<>();

        HeapUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
        }

        @Override
        protected synchronized Object removeDocument(KeyValue key) {
            return positions.remove(key);
        }

        @Override
        protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
            return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected synchronized Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return List.copyOf(positions.entrySet());
        }

        @Override
        protected synchronized Object getPosition(KeyValue key) {
            return positions.get(key);
        }

        @Override
        public synchronized long getCount() {
            return positions.size();
        }

        @Override
        public synchronized boolean isEmpty() {
            return positions.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
