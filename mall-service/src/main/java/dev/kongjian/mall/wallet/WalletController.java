package dev.kongjian.mall.wallet;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.mall.MallProperties;
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The caller's wallet, its ledger, and coins bought (the payment provider is simulated: every top-up is paid). */
@RestController
@Timed
class WalletController {

    private final Wallets wallets;
    private final MallProperties properties;
    private final Clock clock;

    WalletController(Wallets wallets, MallProperties properties, Clock clock) {
        this.wallets = wallets;
        this.properties = properties;
        this.clock = clock;
    }

    record NewTopUp(@NotNull @Positive Long amountCoins) {
    }

    record TopUp(String id, long amountCoins, long coins, long points, Instant createdAt) {
    }

    @GetMapping("/api/v1/wallet")
    Wallets.Balance wallet(CurrentUser user) {
        return wallets.balance(user.id());
    }

    @GetMapping("/api/v1/wallet/transactions")
    Page<Wallets.Entry> transactions(PageRequest page, CurrentUser user) {
        return wallets.ledger(user.id(), page);
    }

    /** With an Idempotency-Key the top-up's id is the key's, so no retry can credit twice. */
    @PostMapping("/api/v1/wallet/top-ups")
    @ResponseStatus(HttpStatus.CREATED)
    TopUp topUp(@Valid @RequestBody NewTopUp request, CurrentUser user,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey) {
        if (request.amountCoins() > properties.maxTopUpCoins()) {
            throw new InvalidRequest("amountCoins", "must be at most " + properties.maxTopUpCoins());
        }
        String id = IdempotentIds.newId(idempotencyKey, "top-up", user.id());
        Wallets.Balance after = wallets.move(user.id(), "top-up:" + id, Wallets.Currency.COINS, request.amountCoins(),
                Wallets.Reason.TOP_UP, id);
        return new TopUp(id, request.amountCoins(), after.coins(), after.points(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }
}
