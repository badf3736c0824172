import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { callSetupFor } from '../turn-credentials.js';
import { type ApiRouter, caller } from './api.js';

const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

const callSetupSchema = z.object({
  iceServers: z.array(iceServerSchema),
  iceTransportPolicy: z.enum(['all', 'relay']),
  expiresAt: z.string().nullable(),
});

/**
 * What a browser needs to set up a consultation's call. TURN credentials let anyone relay traffic
 * through the operator's server, so they go only to the two participants of a voice or video
 * consultation that is running, fresh for each call setup and short-lived.
 */
export function callRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/consultations/:id/ice-servers',
    {
      summary: "The ICE servers (with fresh TURN credentials) and transport policy for a running consultation's call",
      tag: 'consultations',
      access: ['user', 'consultant'],
      response: callSetupSchema,
    },
    async (ctx) => {
      const user = caller(ctx);
      const id = ctx.params.id ?? '';
      // Only a participant reads it: the engine refuses anyone else (NOT_A_PARTICIPANT).
      const session = await services.billing.getSession(id, user.id);
      if (!session) throw new HostError('SESSION_NOT_FOUND', `no session ${id}`);
      if (session.service === 'chat') throw new HostError('NOT_A_CALL', 'this consultation is a chat, not a call');
      if (session.status !== 'active' && session.status !== 'paused')
        throw new HostError('SESSION_NOT_ACTIVE', `the consultation is ${session.status}`);
      const { config, clock } = services;
      return callSetupFor(config.callRouting, config.iceServers, user.id, clock.now());
    },
  );
}
