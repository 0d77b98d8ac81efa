/**
 * Who this machine is on a hub: the account its token belongs to. Versions and branches made on
 * someone's behalf carry this name, the one their locks and the feed show, rather than the
 * machine's login (`root` in a container, `studio` on a shared Mac).
 */
import { authRoutes } from '../../src-shared/api/users.js';
import type { Transport } from './transport.js';

/** The account's username, or null when the hub cannot say (no token, offline, an old hub). */
export async function hubAccount(t: Transport): Promise<string | null> {
  try {
    const me = await t.call(authRoutes.me);
    return me.user.username;
  } catch {
    return null;
  }
}
