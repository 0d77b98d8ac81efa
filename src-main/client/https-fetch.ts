/**
 * `fetch` over node:https with an agent of our choosing: Node's global fetch cannot be given the
 * pinned-certificate check without the undici package, and the account commands' requests are
 * small JSON exchanges that need only this much of it.
 */
import https from 'node:https';
import { Readable } from 'node:stream';

export function httpsFetch(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal },
  agent: https.Agent,
): Promise<Response> {
  const body =
    init.body === undefined || init.body === null
      ? null
      : typeof init.body === 'string'
        ? Buffer.from(init.body)
        : Buffer.isBuffer(init.body) || init.body instanceof Uint8Array
          ? Buffer.from(init.body)
          : null;
  if (init.body != null && body === null) {
    return Promise.reject(new TypeError('httpsFetch sends strings and bytes only'));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: init.method,
      headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      agent,
      signal: init.signal,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const status = res.statusCode ?? 0;
      const empty = status === 204 || status === 304 || init.method === 'HEAD';
      if (empty) res.resume();
      resolve(
        new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          headers,
        }),
      );
    });
    req.end(body ?? undefined);
  });
}
