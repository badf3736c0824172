/** A MongoDB deployment with transactions (a replica set) for a test run. */
export interface TestMongo {
  /** Connection string. */
  uri: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

/**
 * Finds a MongoDB replica set for tests: `MONGODB_URI` when set, otherwise one
 * started by mongodb-memory-server. Returns `null` with the reason when neither
 * is possible (for example, no network to download the `mongod` binary).
 */
export async function startTestMongo(
  timeoutMs = 60_000,
): Promise<{ mongo: TestMongo; reason?: undefined } | { mongo: null; reason: string }> {
  if (process.env.MONGODB_URI) {
    return { mongo: { uri: process.env.MONGODB_URI, stop: async () => {} } };
  }
  let memoryServer: typeof import('mongodb-memory-server');
  try {
    memoryServer = await import('mongodb-memory-server');
  } catch {
    return { mongo: null, reason: 'mongodb-memory-server is not installed and MONGODB_URI is not set' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  // mongodb-memory-server logs every failed download attempt; the caller prints one line instead.
  const { warn, error: logError } = console;
  console.warn = () => undefined;
  console.error = () => undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no mongod within ${timeoutMs} ms`)), timeoutMs);
    });
    const replSet = await Promise.race([
      memoryServer.MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } }),
      timeout,
    ]);
    return { mongo: { uri: replSet.getUri(), stop: async () => void (await replSet.stop()) } };
  } catch (error) {
    return { mongo: null, reason: firstLine(error) };
  } finally {
    clearTimeout(timer);
    console.warn = warn;
    console.error = logError;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Keep the skip line short and free of download addresses.
  return (message.split('\n')[0] ?? message)
    .replace(/"?https?:\/\/\S+/g, '(binary download)')
    .replace(/, Details:.*$/, '');
}
