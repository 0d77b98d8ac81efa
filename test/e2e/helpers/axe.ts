/** An axe-core scan inside the page; serious and critical violations are what fail a test. */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious or critical violations, each as one readable line. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Injected through the CDP-backed evaluate, not a <script>: the page's CSP stays as it is.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    return axe.run();
  })) as { violations: Violation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}
