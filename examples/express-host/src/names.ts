import type { Services } from './services.js';

/** Reads people's display names, each account once per reader: one reader serves one response. */
export function nameReader(services: Services): (accountId: string) => Promise<string | null> {
  const names = new Map<string, Promise<string | null>>();
  return (id) => {
    let name = names.get(id);
    if (!name) {
      name = services.host.accounts.byId(id).then((user) => user?.name ?? null);
      names.set(id, name);
    }
    return name;
  };
}
