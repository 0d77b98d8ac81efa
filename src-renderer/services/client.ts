/**
 * The page's one API client: the shared typed client (src-shared/api/client.ts). In a browser it
 * calls its own origin and the session cookie authenticates; tests and the desktop window may
 * install another (a bearer token, another base URL) with `setApiClient`.
 */
import { createApiClient, type ApiClient } from '../../src-shared/api/client.js';

let client: ApiClient | null = null;

export function api(): ApiClient {
  client ??= createApiClient({ baseUrl: '' });
  return client;
}

export function setApiClient(next: ApiClient): void {
  client = next;
}
