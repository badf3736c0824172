import type { Stores } from './stores.js';

/** MongoDB for every store; needs a replica set (multi-document transactions). */
export async function mongoStores(uri: string, dbName: string): Promise<Stores> {
  void uri;
  void dbName;
  throw new Error('MONGODB_URI: MongoDB wiring is not available yet');
}
