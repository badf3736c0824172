import { z } from 'zod';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery } from './schemas.js';

const listQuery = z.object({ cursor: z.string().max(500).optional(), limit: limitQuery(100, 20) });
const historyQuery = z.object({ before: z.coerce.number().int().positive().optional(), limit: limitQuery(200, 50) });
const birthDetailsBody = z.object({
  name: oneLine.trim().min(1).max(100),
  dateOfBirth: z.iso.date(),
  timeOfBirth: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .nullable()
    .optional(),
  placeOfBirth: oneLine.trim().min(1).max(200),
  question: z.string().trim().max(2_000).optional(),
});

/** Conversation list, history and the birth-details card; chat-core checks that the caller takes part. */
export function conversationRoutes(api: ApiRouter, services: Services): void {
  const { chat } = services;
  const access = ['user', 'consultant'] as const;

  api.get(
    '/conversations',
    { summary: 'My conversations, newest activity first', tag: 'conversations', access, query: listQuery },
    async (ctx) => {
      const { id, role } = caller(ctx);
      return await chat.listConversations(
        { id, role },
        { limit: ctx.query.limit, ...(ctx.query.cursor ? { cursor: ctx.query.cursor } : {}) },
      );
    },
  );

  api.get(
    '/conversations/:id/messages',
    {
      summary: 'Messages of a conversation, newest page or before a sequence',
      tag: 'conversations',
      access,
      query: historyQuery,
    },
    async (ctx) => {
      const { id, role } = caller(ctx);
      const options = { limit: ctx.query.limit, ...(ctx.query.before ? { before: ctx.query.before } : {}) };
      return await chat.history({ id, role }, ctx.params.id ?? '', options);
    },
  );

  api.put(
    '/conversations/:id/birth-details',
    {
      summary: "Attach the user's birth details to a conversation",
      tag: 'conversations',
      access: ['user'],
      body: birthDetailsBody,
    },
    async (ctx) => {
      const { id, role } = caller(ctx);
      const { timeOfBirth, question, ...rest } = ctx.body;
      return await chat.attachBirthDetails({ id, role }, ctx.params.id ?? '', {
        ...rest,
        timeOfBirth: timeOfBirth ?? null,
        ...(question ? { question } : {}),
      });
    },
  );
}
