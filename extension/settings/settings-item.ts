import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, migrateToV2, type Settings } from './settings';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: { 2: migrateToV2 },
});
