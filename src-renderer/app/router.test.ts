import { describe, expect, it } from 'vitest';
import { parseRoute, projectPath } from './router.js';

describe('parseRoute', () => {
  it('knows the pages of the bar', () => {
    expect(parseRoute('/')).toEqual({ page: 'projects' });
    expect(parseRoute('/activity')).toEqual({ page: 'activity' });
    expect(parseRoute('/activity/')).toEqual({ page: 'activity' });
    expect(parseRoute('/settings')).toEqual({ page: 'settings' });
    expect(parseRoute(projectPath('studio', 'Song 1.logicx'))).toEqual({
      page: 'project',
      namespace: 'studio',
      name: 'Song 1.logicx',
    });
  });

  it('sends anything else to the projects', () => {
    for (const p of ['/activityx', '/settings/../x', '/projects/%E0%A4%A/x', '/x/activity']) {
      expect(parseRoute(p), p).toEqual({ page: 'projects' });
    }
  });
});
