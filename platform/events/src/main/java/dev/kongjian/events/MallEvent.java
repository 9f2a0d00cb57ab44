package dev.kongjian.events;

import java.time.Instant;

/** Facts published by mall-service on {@code mall.events}, keyed by the user who receives them. */
public sealed interface MallEvent extends KongjianEvent {

    String userId();

    @Override
    default String aggregateId() {
        return userId();
    }

    @Override
    default String topic() {
        return Topics.MALL_EVENTS;
    }

    enum Category { AVATAR_FRAME, SPACE_THEME, STICKER_PACK, VIP_MEMBERSHIP, GIFT }

    /** An order completed: {@code userId} now owns the item, until {@code expiresAt} when it is set. */
    record ItemGranted(String id, String userId, String orderId, String itemId, Category category, int quantity,
            Instant expiresAt, String giftFromUserId, Instant occurredAt, int version) implements MallEvent {
    }

    record VipGranted(String id, String userId, String orderId, Instant expiresAt, Instant occurredAt, int version)
            implements MallEvent {
    }

    record VipExpired(String id, String userId, Instant occurredAt, int version) implements MallEvent {
    }
}
