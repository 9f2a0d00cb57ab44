package dev.kongjian.mall.order;

import org.springframework.http.HttpStatus;
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
import io.micrometer.core.annotation.Timed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The caller's orders. */
@RestController
@Timed
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    record NewOrder(@NotBlank @Size(max = 64) String itemId, @Min(1) @Max(99) Integer quantity,
            @NotNull Orders.PayWith payWith, @Size(min = 1, max = 64) String giftToUserId) {
    }

    @PostMapping("/api/v1/mall/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Orders.Order place(@Valid @RequestBody NewOrder request, CurrentUser user,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey) {
        return orders.place(user.id(), request.itemId(), request.quantity() == null ? 1 : request.quantity(),
                request.payWith(), request.giftToUserId(), idempotencyKey);
    }

    @GetMapping("/api/v1/mall/orders")
    Page<Orders.Order> list(PageRequest page, CurrentUser user) {
        return orders.of(user.id(), page);
    }

    @GetMapping("/api/v1/mall/orders/{id}")
    Orders.Order one(@PathVariable String id, CurrentUser user) {
        return orders.one(user.id(), id);
    }
}
