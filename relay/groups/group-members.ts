import type { ContactView } from '../../shared/api';
import type { GroupRecord } from '../store/groups';
import type { Store } from '../store/store';
import { compileFilter } from './contact-filter';

/**
 * The contacts a group holds now: a static group's listed contacts that are in the directory, or
 * every directory contact a dynamic group's filter matches. The live count and a mailing's audience
 * both come from here.
 */
export function groupMembers(store: Store, group: Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>): ContactView[] {
  if (group.kind === 'static') return group.contacts.map((id) => store.contacts.get(id)).filter((c): c is ContactView => c !== undefined);
  if (!group.filter) return [];
  const matches = compileFilter(group.filter);
  return store.contacts.all().filter(matches);
}
