/** The kinds of phone a contact has (no dependencies: the content script imports it). */
export const PHONE_TYPES = ['mobile', 'work', 'home', 'other'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];
