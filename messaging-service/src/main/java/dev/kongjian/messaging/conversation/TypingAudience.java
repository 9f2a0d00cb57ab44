package dev.kongjian.messaging.conversation;

import java.util.List;

import org.springframework.stereotype.Component;

/** Tells the live socket who hears a member typing: the conversation's members. */
@Component
class TypingAudience implements dev.kongjian.messaging.live.ConversationMembers {

    private final Conversations conversations;

    TypingAudience(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public List<String> of(String userId, String conversationId) {
        return conversations.membersSeenBy(userId, conversationId);
    }
}
