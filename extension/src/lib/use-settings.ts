import { useEffect, useState } from 'preact/hooks';
import { ext } from './ext.js';
import type { ResolvedSettings } from './resolve-settings.js';
import { loadSettings } from './settings-store.js';

/** The resolved settings, re-read whenever policy or the user's options change. */
export function useSettings(): ResolvedSettings | undefined {
  const [settings, setSettings] = useState<ResolvedSettings>();
  useEffect(() => {
    let live = true;
    const refresh = (): void => {
      void loadSettings().then((next) => live && setSettings(next));
    };
    refresh();
    ext.storage.onChanged.addListener(refresh);
    return () => {
      live = false;
      ext.storage.onChanged.removeListener(refresh);
    };
  }, []);
  return settings;
}
