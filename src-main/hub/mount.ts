/**
 * Handlers are mounted on the routes declared in `src-shared/api/` (never on a path spelled
 * here): `mount(router, route, handler, before)` runs `before` (loadRepo and the like, which
 * answer with their own codes), then parses the route's params, query and JSON body with its
 * schemas, and hands the handler typed values. What the handler returns is the JSON answer; with
 * `AUXIN_CHECK_RESPONSES=1` (the test suite) it must match the route's response schema.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import type { RouteDef } from '../../src-shared/api/route.js';
import { DEFAULT_JSON_LIMIT, parseOr400, readJson } from './body.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteValues<R extends RouteDef> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
}

type Answer<R extends RouteDef> = R['response'] extends z.ZodType
  ? z.input<R['response']>
  : unknown;

export type RouteHandler<R extends RouteDef> = (
  ctx: Context,
  values: RouteValues<R>,
) => Promise<Answer<R> | void> | Answer<R> | void;

const checkResponses = process.env.AUXIN_CHECK_RESPONSES === '1';

export function mount<R extends RouteDef>(
  router: Router,
  route: R,
  handler: RouteHandler<R>,
  before: Middleware[] = [],
): void {
  const run: Middleware = async (ctx) => {
    const values = {
      params: route.params ? parseOr400(route.params, ctx.params ?? {}, 'path') : undefined,
      query: route.query ? parseOr400(route.query, ctx.query, 'query') : undefined,
      body: route.body
        ? parseOr400(route.body, await readJson(ctx, route.bodyLimit ?? DEFAULT_JSON_LIMIT), 'body')
        : undefined,
    } as RouteValues<R>;
    const answer = await handler(ctx, values);
    if (answer !== undefined) ctx.body = answer;
    if (checkResponses) checkAnswer(route, ctx);
  };
  const verb = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
  (router[verb] as (path: string, ...mw: Middleware[]) => Router)(route.path, ...before, run);
}

/** A JSON answer that breaks its route's schema is a bug of the hub: fail loudly in tests. */
function checkAnswer(route: RouteDef, ctx: Context): void {
  if (route.kind !== 'json' || !route.response || ctx.status < 200 || ctx.status >= 300) return;
  const parsed = route.response.safeParse(ctx.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${route.method} ${route.path} answered against its schema: ` +
        `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
}
