/**
 * Our side of `pnpm bench ws`: `createConsultationServer` on `ws` with a memory
 * chat, tokens `?token=role:id`, rate and connection limits raised so the
 * bench measures the server path, not the throttle.
 */
import { createConsultationServer } from '@jyotishconnect/ws-transport';
import { parseToken, runBenchServer } from './server-common.js';

let errors = 0;
await runBenchServer(
  (http, chat) => {
    const server = createConsultationServer({
      server: http,
      chat,
      authenticate: (request) => parseToken(new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')),
      limits: { ratePerSecond: 1_000_000, rateBurst: 1_000_000, maxConnectionsPerUser: 5 },
      onError: (error) => {
        if (errors++ === 0) console.error('our server error:', error);
      },
    });
    return { connections: () => server.connections };
  },
  { errors: () => errors },
);
