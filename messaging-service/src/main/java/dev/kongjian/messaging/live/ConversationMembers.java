package dev.kongjian.messaging.live;

import java.util.List;

/** Who hears a user typing in a conversation: its members, if the user is one (else a not-found). */
public interface ConversationMembers {

    List<String> of(String userId, String conversationId);
}
