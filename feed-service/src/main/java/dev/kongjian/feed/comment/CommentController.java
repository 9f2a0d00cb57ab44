package dev.kongjian.feed.comment;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The comments under a post. */
@RestController
@Timed
class CommentController {

    private final Comments comments;

    CommentController(Comments comments) {
        this.comments = comments;
    }

    record NewComment(@NotBlank @Characters(max = Comments.MAX_TEXT) String text,
            @Size(max = 64) String replyToCommentId) {
    }

    @PostMapping("/api/v1/posts/{postId}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    Comments.Comment write(@PathVariable String postId, @Valid @RequestBody NewComment request, CurrentUser user,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey) {
        return comments.write(user.id(), postId, request.text(), request.replyToCommentId(), idempotencyKey);
    }

    @GetMapping("/api/v1/posts/{postId}/comments")
    Page<Comments.Comment> list(@PathVariable String postId, PageRequest page, CurrentUser user) {
        return comments.of(user.id(), postId, page);
    }

    @DeleteMapping("/api/v1/posts/{postId}/comments/{commentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String postId, @PathVariable String commentId, CurrentUser user) {
        comments.delete(user.id(), postId, commentId);
    }
}
