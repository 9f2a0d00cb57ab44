package dev.kongjian.media.media;

/**
 * Where an upload that names an {@code albumId} is put. The albums feature implements it: albums
 * hold media, so they depend on this package and this package does not depend on them.
 */
public interface AlbumPlacement {

    /** Refuses an album the owner cannot add to (404 unknown or unseen, 403 someone else's). */
    void requireOwnAlbum(String owner, String albumId);

    /** Puts the owner's stored media into the owner's album. */
    void place(String owner, String albumId, String mediaId);
}
