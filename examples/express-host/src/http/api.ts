import { type Router as ExpressRouter, type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { HostError } from '../errors.js';
import type { UserRecord, UserRole } from '../host-store/index.js';
import { parseWith } from '../validation.js';
import { rejectControlCharacters } from './control-characters.js';

/** Who may call a route: nobody needs to log in (`public`), any logged-in account, or some roles. */
export type Access = 'public' | 'any' | readonly UserRole[];

/** A route's contract: validation and the OpenAPI document both come from it. */
export interface RouteSpec<Body, Query> {
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly body?: z.ZodType<Body>;
  readonly query?: z.ZodType<Query>;
  readonly response?: z.ZodType;
  /** Success status (default 200). */
  readonly status?: number;
  /** Extra request headers to document, such as `x-signature`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body arrives raw (a signed webhook): `body` documents it and the handler validates it. */
  readonly raw?: boolean;
  /** The success body's media type when it is not JSON (a PDF download the handler sends itself). */
  readonly produces?: string;
}

/** A registered route, for the OpenAPI generator. */
export interface RouteDoc extends RouteSpec<unknown, unknown> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
}

/** What a handler receives. */
export interface RouteContext<Body, Query> {
  readonly req: Request;
  readonly res: Response;
  readonly body: Body;
  readonly query: Query;
  readonly params: Readonly<Record<string, string>>;
  /** The caller; `null` only on public routes. */
  readonly user: UserRecord | null;
}

/** Resolves the bearer of a request (`null` when there is none or it is invalid). */
export type Authenticate = (req: Request) => Promise<UserRecord | null>;

type Handler<Body, Query> = (ctx: RouteContext<Body, Query>) => Promise<unknown>;

/** An express router that validates with zod, checks access and records each route for OpenAPI. */
export class ApiRouter {
  readonly router: ExpressRouter = Router();

  constructor(
    private readonly docs: RouteDoc[],
    private readonly authenticate: Authenticate,
    private readonly prefix = '',
  ) {}

  /** Registers a GET route. */
  get<B, Q>(path: string, spec: RouteSpec<B, Q>, handler: Handler<B, Q>): void {
    this.#add('get', path, spec, handler);
  }

  /** Registers a POST route. */
  post<B, Q>(path: string, spec: RouteSpec<B, Q>, handler: Handler<B, Q>, ...before: RequestHandler[]): void {
    this.#add('post', path, spec, handler, before);
  }

  /** Registers a PUT route. */
  put<B, Q>(path: string, spec: RouteSpec<B, Q>, handler: Handler<B, Q>): void {
    this.#add('put', path, spec, handler);
  }

  /** Registers a DELETE route. */
  delete<B, Q>(path: string, spec: RouteSpec<B, Q>, handler: Handler<B, Q>): void {
    this.#add('delete', path, spec, handler);
  }

  #add<B, Q>(
    method: RouteDoc['method'],
    path: string,
    spec: RouteSpec<B, Q>,
    handler: Handler<B, Q>,
    before: RequestHandler[] = [],
  ): void {
    this.docs.push({ ...(spec as RouteSpec<unknown, unknown>), method, path: this.prefix + path });
    this.router[method](path, ...before, async (req, res, next) => {
      try {
        rejectControlCharacters(req, spec.raw ?? false);
        const user = await this.#access(req, spec.access);
        const body = spec.body && !spec.raw ? parseWith(spec.body, req.body ?? {}, 'body') : (undefined as B);
        const query = spec.query ? parseWith(spec.query, req.query, 'query') : (undefined as Q);
        const result = await handler({ req, res, body, query, params: req.params as Record<string, string>, user });
        if (!res.headersSent) res.status(spec.status ?? 200).json(result);
      } catch (error) {
        next(error);
      }
    });
  }

  async #access(req: Request, access: Access): Promise<UserRecord | null> {
    if (access === 'public') return null;
    const user = await this.authenticate(req);
    if (!user) throw new HostError('UNAUTHENTICATED', 'log in first: Authorization: Bearer <token>');
    if (user.frozen) throw new HostError('ACCOUNT_FROZEN', 'this account is frozen');
    if (access !== 'any' && !access.includes(user.role)) {
      throw new HostError('FORBIDDEN', `only ${access.join(' or ')} accounts may do this`);
    }
    return user;
  }
}

/** The caller of a non-public route. */
export function caller(ctx: { user: UserRecord | null }): UserRecord {
  if (!ctx.user) throw new HostError('UNAUTHENTICATED', 'log in first');
  return ctx.user;
}
