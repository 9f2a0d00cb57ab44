package dev.kongjian.user.account;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.kit.security.CurrentUser;

/** The caller's own profile. */
@RestController
class MeController {

    private final Accounts accounts;

    MeController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/users/me")
    MeView me(CurrentUser user) {
        return accounts.byId(user.id()).map(MeView::of).orElseThrow(() -> new NotFound("Your account"));
    }
}
