package dev.kongjian.messaging.conversation;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Conversations, their members, and their messages. */
@RestController
@Timed
class ConversationController {

    private final Conversations conversations;
    private final Messages messages;

    ConversationController(Conversations conversations, Messages messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    record NewConversation(@NotNull Conversations.Type type,
            @NotEmpty @Size(max = Conversations.MAX_GROUP_MEMBERS) List<@NotBlank @Size(max = 64) String> memberIds,
            @Characters(max = 100) String title) {
    }

    record Rename(@NotNull @Characters(max = 100) String title) {
    }

    record NewMembers(@NotEmpty @Size(max = Conversations.MAX_GROUP_MEMBERS)
            List<@NotBlank @Size(max = 64) String> userIds) {
    }

    record NewMessage(@NotBlank @Size(max = 64) String clientMessageId,
            @Characters(max = Messages.MAX_TEXT) String text,
            @Size(max = Messages.MAX_MEDIA) List<@NotBlank @Size(max = 64) String> mediaIds) {
    }

    record Read(@NotNull Long seq) {
    }

    /** 201 for a new conversation; 200 with the existing direct chat of the pair. */
    @PostMapping("/api/v1/conversations")
    ResponseEntity<Conversations.Conversation> start(@Valid @RequestBody NewConversation request, CurrentUser user) {
        if (request.type() == Conversations.Type.DIRECT) {
            var started = conversations.startDirect(user.id(), request.memberIds());
            return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(started.conversation());
        }
        String title = request.title() == null || request.title().isBlank() ? null : request.title().strip();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(conversations.startGroup(user.id(), request.memberIds(), title));
    }

    @GetMapping("/api/v1/conversations")
    Page<Conversations.Conversation> list(PageRequest page, CurrentUser user) {
        return conversations.of(user.id(), page);
    }

    @GetMapping("/api/v1/conversations/{id}")
    Conversations.Conversation one(@PathVariable String id, CurrentUser user) {
        return conversations.get(user.id(), id);
    }

    /** The group's owner renames it ({@code title}; blank takes the title away). */
    @PatchMapping("/api/v1/conversations/{id}")
    Conversations.Conversation rename(@PathVariable String id, @Valid @RequestBody Rename request, CurrentUser user) {
        return conversations.rename(user.id(), id, request.title().isBlank() ? null : request.title().strip());
    }

    @PostMapping("/api/v1/conversations/{id}/members")
    Conversations.Conversation addMembers(@PathVariable String id, @Valid @RequestBody NewMembers request,
            CurrentUser user) {
        return conversations.addMembers(user.id(), id, request.userIds());
    }

    @DeleteMapping("/api/v1/conversations/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(@PathVariable String id, @PathVariable String userId, CurrentUser user) {
        conversations.removeMember(user.id(), id, userId);
    }

    /** 201; the same clientMessageId again replays the message it stored, as an idempotent retry does. */
    @PostMapping("/api/v1/conversations/{id}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Messages.Message send(@PathVariable String id, @Valid @RequestBody NewMessage request,
            CurrentUser user) {
        List<String> mediaIds = request.mediaIds() == null ? List.of() : List.copyOf(request.mediaIds());
        boolean hasText = request.text() != null && !request.text().isBlank();
        if (!hasText && mediaIds.isEmpty()) {
            throw new dev.kongjian.kit.problem.InvalidRequest("text", "a message needs text or media");
        }
        return messages.send(user.id(), id, request.clientMessageId(), hasText ? request.text() : null, mediaIds);
    }

    @GetMapping("/api/v1/conversations/{id}/messages")
    Page<Messages.Message> history(@PathVariable String id, @RequestParam(required = false) Long afterSeq,
            @RequestParam(required = false) Long beforeSeq, PageRequest page, CurrentUser user) {
        return messages.history(user.id(), id, afterSeq, beforeSeq, page);
    }

    /** The sender recalls a message within two minutes of sending it; 204, again too. */
    @DeleteMapping("/api/v1/conversations/{id}/messages/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void recall(@PathVariable String id, @PathVariable String messageId, CurrentUser user) {
        messages.recall(user.id(), id, messageId);
    }

    @PostMapping("/api/v1/conversations/{id}/read")
    Messages.ReadState read(@PathVariable String id, @Valid @RequestBody Read request, CurrentUser user) {
        if (request.seq() < 0) {
            throw new dev.kongjian.kit.problem.InvalidRequest("seq", "must be 0 or more");
        }
        return messages.read(user.id(), id, request.seq());
    }
}
