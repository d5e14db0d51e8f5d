import { storage, type WxtStorageItem } from 'wxt/utils/storage';

/** Where the fold is kept (the storage item, or a test's stand-in). */
export interface ConversationFoldStore {
  getValue(): Promise<boolean>;
  setValue(folded: boolean): Promise<void>;
}

// Defined when first used: defining an item reads storage at once, which only the extension has (a
// module that merely imports this, as a test of another part does, would read it in a page without it).
let foldItem: WxtStorageItem<boolean, {}> | undefined;
const item = () => (foldItem ??= storage.defineItem<boolean>('local:conversationFolded', { fallback: false }));

/** Whether the agent keeps the card's «Переписка» folded: this browser's choice, for every card (open by default). */
export const conversationFoldItem: ConversationFoldStore = {
  getValue: () => item().getValue(),
  setValue: (folded) => item().setValue(folded),
};
