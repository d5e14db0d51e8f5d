import { describe, expect, it, vi } from 'vitest';

const { fakeBrowser } = await vi.hoisted(async () => (await import('./fake-extension-apis')).installFakeBrowser());

const turns = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the card's fold of «Переписка», as this browser keeps it", () => {
  it("importing it reads no storage (a page without the extension's storage imports it too); using it does", async () => {
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    const { conversationFoldItem } = await import('../../extension/settings/conversation-fold');
    await turns();
    expect(reads).not.toHaveBeenCalled();
    // The positive control: the first use reads it, open by default, and the choice is kept.
    expect(await conversationFoldItem.getValue()).toBe(false);
    expect(reads).toHaveBeenCalled();
    await conversationFoldItem.setValue(true);
    expect(await conversationFoldItem.getValue()).toBe(true);
  });
});
