/**
 * Runs the after-push listeners once a branch has moved. The push has already succeeded, so a
 * listener's failure is only logged, and a slow one is left to finish in the background after
 * `waitMs` rather than holding the pusher's answer.
 */
import type { AuthUser, HubContext, RepoInfo } from './types.js';

export async function runAfterPush(
  h: Pick<HubContext, 'afterPush' | 'logger'>,
  repo: RepoInfo,
  user: AuthUser,
  update: { branch: string; old: string | null; new: string },
  waitMs = 10_000,
): Promise<void> {
  if (h.afterPush.length === 0) return;
  const all = Promise.all(
    h.afterPush.map((listener) =>
      listener(repo, user, update).catch((err: unknown) => {
        h.logger.warn(
          { err, repo: `${repo.namespace}/${repo.name}`, branch: update.branch },
          'after-push work failed (the push itself succeeded)',
        );
      }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
    timer.unref();
  });
  await Promise.race([all, late]);
  clearTimeout(timer);
}
