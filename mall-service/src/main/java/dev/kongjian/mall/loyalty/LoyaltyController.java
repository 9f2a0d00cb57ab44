package dev.kongjian.mall.loyalty;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.security.CurrentUser;
import io.micrometer.core.annotation.Timed;

/** The caller's loyalty standing and the daily check-in. */
@RestController
@Timed
class LoyaltyController {

    private final Loyalty loyalty;

    LoyaltyController(Loyalty loyalty) {
        this.loyalty = loyalty;
    }

    @GetMapping("/api/v1/loyalty")
    Loyalty.Status status(CurrentUser user) {
        return loyalty.status(user.id());
    }

    @PostMapping("/api/v1/loyalty/check-in")
    Loyalty.CheckIn checkIn(CurrentUser user) {
        return loyalty.checkIn(user.id());
    }
}
