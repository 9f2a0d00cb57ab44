package dev.kongjian.media.album;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.media.media.AlbumPlacement;
import dev.kongjian.media.media.MediaLibrary;
import dev.kongjian.media.people.People;

/**
 * Photo albums, with the visibility of posts: PUBLIC to anyone signed in, FRIENDS to the owner's
 * friends, PRIVATE to the owner; nothing across a block. An album the caller may not see does
 * not exist for them (404). Only the owner adds to it, and only their own media.
 */
@Service
public class Albums implements AlbumPlacement {

    static final String ALBUMS = "albums";
    static final String ITEMS = "album_items";
    /** An album being deleted: hidden at once, its items removed next, the album document last. */
    private static final String DELETED = "deleted";

    enum Visibility { PUBLIC, FRIENDS, PRIVATE }

    record Album(String id, String ownerId, String title, Visibility visibility, long itemCount, Instant createdAt) {
    }

    record Item(String albumId, Instant addedAt, MediaLibrary.Media media) {
    }

    /** An item as added: {@code created} false where the media was in the album already. */
    record Added(Item item, boolean created) {
    }

    private final MongoTemplate mongo;
    private final People people;
    private final UserDirectory directory;
    private final MediaLibrary library;
    private final Clock clock;

    Albums(MongoTemplate mongo, People people, UserDirectory directory, MediaLibrary library, Clock clock) {
        this.mongo = mongo;
        this.people = people;
        this.directory = directory;
        this.library = library;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(ALBUMS).createIndex(new Index().on("ownerId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(ITEMS).createIndex(new Index().on("albumId", Sort.Direction.ASC)
                .on("addedAt", Sort.Direction.DESC));
        mongo.indexOps(ITEMS).createIndex(new Index("mediaId", Sort.Direction.ASC));
    }

    Album create(String owner, String title, Visibility visibility) {
        String id = UUID.randomUUID().toString();
        Document album = new Document("_id", id).append("ownerId", owner).append("title", title)
                .append("visibility", visibility.name()).append("createdAt", Date.from(now()));
        mongo.getCollection(ALBUMS).insertOne(album);
        return view(album, 0);
    }

    /** A user's albums that the viewer may see, newest first. */
    Page<Album> of(String viewer, String owner, PageRequest page) {
        if (!viewer.equals(owner) && (people.blockedEitherWay(viewer, owner) || !exists(owner))) {
            throw new NotFound("That user");
        }
        boolean hasFriendsAlbums = mongo.getCollection(ALBUMS).find(Filters.and(Filters.eq("ownerId", owner),
                Filters.eq("visibility", Visibility.FRIENDS.name()))).first() != null;
        List<String> visible = visibleTo(viewer, owner, hasFriendsAlbums).stream().map(Enum::name).toList();
        Bson base = Filters.and(Filters.eq("ownerId", owner), Filters.in("visibility", visible),
                Filters.ne(DELETED, true));
        List<Document> fetched = mongo.getCollection(ALBUMS).find(Keyset.newestFirst(base, "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"))
                .map(doc -> view(doc, count(doc.getString("_id"))));
    }

    Album get(String viewer, String id) {
        Document album = readable(viewer, id);
        return view(album, count(id));
    }

    /** The album's media, the latest added first. */
    Page<Item> items(String viewer, String albumId, PageRequest page) {
        readable(viewer, albumId);
        List<Document> fetched = mongo.getCollection(ITEMS)
                .find(Keyset.newestFirst(Filters.eq("albumId", albumId), "addedAt", page))
                .sort(Keyset.newestFirstSort("addedAt")).limit(page.limit() + 1).into(new ArrayList<>());
        Page<Document> rows = Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "addedAt"));
        Map<String, MediaLibrary.Media> media = library.ready(rows.items().stream().map(doc -> doc.getString("mediaId"))
                .toList()).stream().collect(Collectors.toMap(MediaLibrary.Media::id, Function.identity()));
        return new Page<>(rows.items().stream().filter(doc -> media.containsKey(doc.getString("mediaId")))
                .map(doc -> new Item(albumId, doc.getDate("addedAt").toInstant(), media.get(doc.getString("mediaId"))))
                .toList(), rows.nextCursor());
    }

    @Override
    public void requireOwnAlbum(String caller, String albumId) {
        Document album = readable(caller, albumId);
        if (!caller.equals(album.getString("ownerId"))) {
            throw new NotTheOwner();
        }
    }

    @Override
    public void place(String owner, String albumId, String mediaId) {
        add(owner, albumId, mediaId);
    }

    /** Renames the owner's album or changes who may see it; a null field stays as it is. */
    Album change(String caller, String albumId, String title, Visibility visibility) {
        requireOwnAlbum(caller, albumId);
        Update update = new Update();
        if (title != null) {
            update.set("title", title);
        }
        if (visibility != null) {
            update.set("visibility", visibility.name());
        }
        if (!update.getUpdateObject().isEmpty()) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(albumId)), update, ALBUMS);
        }
        return get(caller, albumId);
    }

    /**
     * Deletes the owner's album; its media stay in the owner's library. The album is hidden first,
     * so nobody sees it half emptied, and the document goes last, so that a crash in between is
     * finished by the owner's next try.
     */
    void delete(String caller, String albumId) {
        Document album = mongo.getCollection(ALBUMS).find(Filters.eq("_id", albumId)).first();
        if (album == null || !caller.equals(album.getString("ownerId"))) {
            // refuses, 404 or 403 as for any change; the owner is let through even to an album already
            // marked deleted (which requireOwnAlbum would not find), so the next try finishes it
            requireOwnAlbum(caller, albumId);
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(albumId)), new Update().set(DELETED, true), ALBUMS);
        mongo.getCollection(ITEMS).deleteMany(Filters.eq("albumId", albumId));
        mongo.getCollection(ALBUMS).deleteOne(Filters.eq("_id", albumId));
    }

    /** Takes a media out of the owner's album; the media itself stays. */
    void remove(String caller, String albumId, String mediaId) {
        requireOwnAlbum(caller, albumId);
        if (mongo.getCollection(ITEMS).deleteOne(Filters.eq("_id", albumId + ":" + mediaId)).getDeletedCount() == 0) {
            throw new NotFound("That media in this album");
        }
    }

    /** Adds the caller's media to the caller's album; adding it again changes nothing. */
    public Added add(String caller, String albumId, String mediaId) {
        requireOwnAlbum(caller, albumId);
        MediaLibrary.Media media = library.owned(caller, mediaId);
        Instant now = now();
        boolean created = DuplicateKeys.insertedOnce(() -> mongo.getCollection(ITEMS).insertOne(
                new Document("_id", albumId + ":" + mediaId).append("albumId", albumId).append("mediaId", mediaId)
                        .append("addedAt", Date.from(now))));
        Document item = mongo.getCollection(ITEMS).find(Filters.eq("_id", albumId + ":" + mediaId)).first();
        return new Added(new Item(albumId, item.getDate("addedAt").toInstant(), media), created);
    }

    private Document readable(String viewer, String id) {
        Document album = mongo.getCollection(ALBUMS).find(Filters.eq("_id", id)).first();
        if (album == null || album.getBoolean(DELETED, false)) {
            throw new NotFound("That album");
        }
        String owner = album.getString("ownerId");
        Visibility visibility = Visibility.valueOf(album.getString("visibility"));
        if (!viewer.equals(owner) && (people.blockedEitherWay(viewer, owner)
                || !visibleTo(viewer, owner, visibility == Visibility.FRIENDS).contains(visibility))) {
            throw new NotFound("That album");
        }
        return album;
    }

    /**
     * What the viewer may see of the owner's albums. Where the replica says they are not friends
     * and a friends-only album is at stake, user-service is asked: the friendship may be newer
     * than the replica.
     */
    private List<Visibility> visibleTo(String viewer, String owner, boolean friendsOnlyAtStake) {
        if (viewer.equals(owner)) {
            return List.of(Visibility.values());
        }
        boolean friends = people.areFriends(viewer, owner) || friendsOnlyAtStake
                && directory.relationTo(owner) == UserDirectory.Relation.FRIEND;
        return friends ? List.of(Visibility.PUBLIC, Visibility.FRIENDS) : List.of(Visibility.PUBLIC);
    }

    /** Whether the user exists: known to the replica, the owner of an album, or known to user-service. */
    private boolean exists(String userId) {
        if (people.exists(userId)
                || mongo.getCollection(ALBUMS).find(Filters.eq("ownerId", userId)).first() != null) {
            return true;
        }
        var relation = directory.relationTo(userId);
        return relation == UserDirectory.Relation.FRIEND || relation == UserDirectory.Relation.OTHER;
    }

    private long count(String albumId) {
        return mongo.getCollection(ITEMS).countDocuments(Filters.eq("albumId", albumId));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Album view(Document doc, long items) {
        return new Album(doc.getString("_id"), doc.getString("ownerId"), doc.getString("title"),
                Visibility.valueOf(doc.getString("visibility")), items, doc.getDate("createdAt").toInstant());
    }

    static final class NotTheOwner extends DomainException {
        private static final long serialVersionUID = 1L;

        NotTheOwner() {
            super(HttpStatus.FORBIDDEN, "not-the-owner", "Only the album's owner may change it");
        }
    }
}
