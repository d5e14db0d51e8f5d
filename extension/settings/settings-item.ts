import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, migrateToV2, type Settings } from './settings';

// Defined when first used: defining an item reads storage at once (and migrates it), which only the
// extension has — a test that merely imports a module using this would read it after its fake is gone.
let defined: WxtStorageItem<Settings, {}> | undefined;
const item = () => (defined ??= storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 2, migrations: { 2: migrateToV2 } }));

/** The extension's settings (local storage, version 2). */
export const settingsItem: Pick<WxtStorageItem<Settings, {}>, 'getValue' | 'setValue' | 'watch'> = {
  getValue: () => item().getValue(),
  setValue: (value) => item().setValue(value),
  watch: (callback) => item().watch(callback),
};
