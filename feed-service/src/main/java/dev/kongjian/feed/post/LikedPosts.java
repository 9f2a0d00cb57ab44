package dev.kongjian.feed.post;

import java.util.Collection;
import java.util.Set;

/** Which of some posts a viewer has liked (kept by the like feature; asked for every post shown). */
public interface LikedPosts {

    Set<String> likedBy(String viewer, Collection<String> postIds);

    /** The same, from what was learnt under the viewer's {@link dev.kongjian.feed.ReaderTokens token}. */
    Set<String> likedBy(String viewer, Collection<String> postIds, String readerToken);
}
