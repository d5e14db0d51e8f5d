import type { SiteOverrideView } from '../../shared/adapter-overrides';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';
import { SharedFile } from './shared-file';

interface OverridesFile {
  overrides: SiteOverrideView[];
}

/**
 * Per-site reading overrides, one per (site, adapter), in their own file. Both the running relay (the
 * API) and the CLI write it: each reads the file again when the other changed it (by its modification
 * time, as the tokens are picked up), before it answers and before it writes.
 */
export class AdapterOverrideStore {
  private readonly shared: SharedFile<OverridesFile>;

  private constructor(
    private readonly db: JsonDb<OverridesFile>,
    file: string,
  ) {
    this.shared = new SharedFile(db, file);
  }

  static async open(file: string, io?: DataIo): Promise<AdapterOverrideStore> {
    return new AdapterOverrideStore(await JsonDb.open<OverridesFile>(file, { overrides: [] }, io), file);
  }

  async all(): Promise<readonly SiteOverrideView[]> {
    await this.shared.reloadIfChanged();
    return this.db.data.overrides;
  }

  /** Adds the override, or replaces the one of the same site and adapter whole; true when it is new. */
  async put(view: SiteOverrideView): Promise<boolean> {
    await this.shared.reloadIfChanged();
    const isNew = !this.db.data.overrides.some((o) => sameKey(o, view));
    await this.write((data) => {
      const index = data.overrides.findIndex((o) => sameKey(o, view));
      if (index >= 0) data.overrides[index] = view;
      else data.overrides.push(view);
    });
    return isNew;
  }

  /** False when there was none. */
  async remove(site: string, adapter: string): Promise<boolean> {
    await this.shared.reloadIfChanged();
    if (!this.db.data.overrides.some((o) => sameKey(o, { site, adapter }))) return false;
    await this.write((data) => {
      data.overrides = data.overrides.filter((o) => !sameKey(o, { site, adapter }));
    });
    return true;
  }

  private async write(change: (data: OverridesFile) => void): Promise<void> {
    try {
      await this.db.update(change);
    } finally {
      // A failed write leaves the file as it was; either way what is on disk now is what this process holds.
      this.shared.wroteNow();
    }
  }
}

const sameKey = (a: { site: string; adapter: string }, b: { site: string; adapter: string }) => a.site === b.site && a.adapter === b.adapter;
