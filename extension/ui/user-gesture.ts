/**
 * Whether an event comes from the user: the browser marks the events it makes itself; an event a
 * script made (dispatchEvent, click()) is never trusted. Every action that sends or spends checks it.
 */
export const isUserGesture = (event: Event | undefined): boolean => event?.isTrusted === true;
