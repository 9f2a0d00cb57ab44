package dev.kongjian.user.visitor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.security.CurrentUser;

/** The visitors of one's own space. */
@RestController
class VisitorController {

    private final Visitors visitors;

    VisitorController(Visitors visitors) {
        this.visitors = visitors;
    }

    @GetMapping("/api/v1/users/{id}/visitors")
    Page<Visitors.Visit> visitors(@PathVariable String id, PageRequest page, CurrentUser user) {
        String owner = "me".equals(id) ? user.id() : id;
        if (!owner.equals(user.id())) {
            throw new OwnerOnly();
        }
        return visitors.of(owner, page);
    }

    static final class OwnerOnly extends DomainException {
        private static final long serialVersionUID = 1L;

        OwnerOnly() {
            super(HttpStatus.FORBIDDEN, "owner-only", "Only the owner of a space sees its visitors");
        }
    }
}
