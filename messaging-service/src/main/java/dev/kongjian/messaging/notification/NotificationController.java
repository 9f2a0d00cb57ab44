package dev.kongjian.messaging.notification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The caller's notifications, newest first, and marking them read. */
@RestController
@Timed
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    record MarkRead(@NotBlank @Size(max = 64) String upToId) {
    }

    record Unread(long unreadCount) {
    }

    @GetMapping("/api/v1/notifications")
    Page<Notifications.Notification> list(PageRequest page, CurrentUser user) {
        return notifications.of(user.id(), page);
    }

    /** The badge: how many notifications are unread, without reading a page of them. */
    @GetMapping("/api/v1/notifications/unread")
    Unread unread(CurrentUser user) {
        return new Unread(notifications.unread(user.id()));
    }

    @PostMapping("/api/v1/notifications/read")
    Unread markRead(@Valid @RequestBody MarkRead request, CurrentUser user) {
        return new Unread(notifications.markRead(user.id(), request.upToId()));
    }
}
