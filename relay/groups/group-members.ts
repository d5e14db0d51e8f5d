import type { ContactView } from '../../shared/api';
import type { GroupRecord } from '../store/groups';
import type { Store } from '../store/store';
import { compileFilter } from './contact-filter';

/**
 * The contacts a group holds now: a static group's listed contacts that are in the directory, or
 * every directory contact a dynamic group's filter matches. The live count and a mailing's audience
 * both come from here.
 */
export function* groupMembers(store: Store, group: Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>): Generator<ContactView> {
  if (group.kind === 'static') {
    for (const id of group.contacts) {
      const contact = store.contacts.get(id);
      if (contact) yield contact;
    }
    return;
  }
  if (!group.filter) return;
  const matches = compileFilter(group.filter);
  for (const contact of store.contacts.all()) if (matches(contact)) yield contact;
}

/** How many contacts a group holds now. */
export function countMembers(store: Store, group: Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>): number {
  let count = 0;
  for (const _ of groupMembers(store, group)) count++;
  return count;
}
