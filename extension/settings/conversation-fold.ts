import { storage } from 'wxt/utils/storage';

/** Whether the agent keeps the card's «Переписка» folded: this browser's choice, for every card (open by default). */
export const conversationFoldItem = storage.defineItem<boolean>('local:conversationFolded', { fallback: false });

/** Where the fold is kept (the storage item, or a test's stand-in). */
export interface ConversationFoldStore {
  getValue(): Promise<boolean>;
  setValue(folded: boolean): Promise<void>;
}
