import type { ContactView } from '../../shared/api';
import type { GroupRecord } from '../store/groups';
import type { Store } from '../store/store';
import { compileFilter } from './contact-filter';
import { countMatches } from './count-matches';
import { matchSlots } from './indexed-filter';

type GroupShape = Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>;

/**
 * The contacts a group holds now: a static group's listed contacts that are in the directory, or
 * every directory contact a dynamic group's filter matches. The live count and a mailing's audience
 * both come from here.
 */
export function* groupMembers(store: Pick<Store, 'contacts'>, group: GroupShape): Generator<ContactView> {
  if (group.kind === 'static') {
    for (const id of group.contacts) {
      const contact = store.contacts.get(id);
      if (contact) yield contact;
    }
    return;
  }
  if (!group.filter) return;
  // The members are chosen in the index now; each is checked again as read, since it may have
  // changed while a caller took its time between two of them.
  const matches = compileFilter(group.filter);
  for (const contact of store.contacts.atSlots(matchingSlots(store, group.filter))) if (matches(contact)) yield contact;
}

/** How many contacts a group holds now, from memory. */
export function countMembers(store: Pick<Store, 'contacts'>, group: GroupShape): number {
  if (group.kind === 'static') return group.contacts.reduce((count, id) => count + (store.contacts.has(id) ? 1 : 0), 0);
  if (!group.filter) return 0;
  return countMatches(group.filter, store.contacts.index);
}

function matchingSlots(store: Pick<Store, 'contacts'>, filter: NonNullable<GroupShape['filter']>): number[] {
  const { index } = store.contacts;
  return index.slotsMarked(matchSlots(filter, index));
}
