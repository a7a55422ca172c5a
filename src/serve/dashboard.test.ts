import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/index.js';
import { startDashboard } from './server.js';

/** Debian's chromium, installed by .ci/run; the test drives a real browser, headless. */
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const sha = (n: number): string => n.toString(16).padStart(40, '0');

async function seed(opened: Store): Promise<void> {
  const store = opened.monitor;
  const weeks = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
  for (const [week, date] of weeks.entries()) {
    const runId = await store.beginRun('test', `${date}T00:00:00Z`);
    await store.recordMany(
      runId,
      [
        { ref: { platform: 'github.com', org: 'nodejs', repo: 'node' }, ok: true, score: 6 + week * 0.2, date, commit: sha(week + 1), checks: [
          { name: 'Pinned-Dependencies', score: 4 + week, reason: 'some dependencies are not pinned', details: ['Warn: GitHub-owned GitHubAction not pinned by hash: .github/workflows/test.yml:20'] },
          { name: 'Token-Permissions', score: 10, reason: 'GitHub workflow tokens follow principle of least privilege' },
        ] },
        { ref: { platform: 'github.com', org: 'nodejs', repo: 'undici' }, ok: true, score: 8.3, date, commit: sha(100), checks: [
          { name: 'Pinned-Dependencies', score: 9, reason: 'all pinned' },
          { name: 'Token-Permissions', score: -1, reason: 'internal error' },
        ] },
      ],
      `${date}T00:00:00Z`,
    );
  }
  await opened.records.recordReview({
    project: 'nodejs/node',
    line: 'v22.x',
    recordedAt: '2026-11-23T10:00:00Z',
    findings: [{ id: 'CVE-2024-0727', aliases: ['GHSA-9v9h-cgj8-h64p'], package: 'openssl', version: '3.0.13+quic', severity: 'MODERATE 5.5', summary: 'PKCS12 NULL dereference', fixed: '3.0.14' }],
  });
}

/**
 * Every piece of text on the page whose WCAG 2 contrast ratio against its effective background is
 * below 4.5:1 (AA for normal text), computed in the browser from the styles it applied.
 */
async function lowContrastText(page: Page): Promise<string[]> {
  // A string, not a function: the test loader renames inner functions, which the page cannot resolve.
  return page.evaluate<string[]>(`(() => {
    const rgb = (value) => (value.match(/[\\d.]+/g) || ['0', '0', '0']).map(Number);
    const channel = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element) => {
      for (let at = element; at; at = at.parentElement) {
        const colour = rgb(getComputedStyle(at).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) return colour;
      }
      return [255, 255, 255];
    };
    const low = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent.trim() || element.closest('svg, .skip')) continue;
      const fg = luminance(rgb(getComputedStyle(element).color));
      const bg = luminance(background(element));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) low.push(node.textContent.trim().slice(0, 40) + ': ' + ratio.toFixed(2));
    }
    return low;
  })()`);
}

test('the dashboard works in a real browser: pages load, links work, charts have one point per run', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, async () => {
  const opened = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'vigil-serve-')), 'vigil.db'));
  await seed(opened);
  const dashboard = await startDashboard(opened, { port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const shots = process.env.VIGIL_SCREENSHOTS;
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(dashboard.url);
    assert.equal(await page.title(), 'Overview · Vigil');
    assert.equal(await page.locator('tbody tr').count(), 2);
    assert.match(await page.locator('tbody tr', { hasText: 'nodejs/node' }).innerText(), /6\.8[\s\S]*\+0\.2[\s\S]*Pinned-Dependencies 7→8/);
    assert.equal(await page.locator('svg[role="img"][aria-label^="Score trend of nodejs/node"]').count(), 1);
    if (shots) await page.screenshot({ path: join(shots, 'dashboard-overview.png'), fullPage: true });
    const contrast: string[] = await lowContrastText(page);

    // Keyboard: the skip link is the first stop and leads to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').innerText(), 'Skip to content');

    await page.getByRole('link', { name: 'nodejs/node', exact: true }).click();
    await page.waitForURL(/\/repo\/github\.com\/nodejs\/node$/);
    assert.equal(await page.locator('svg[aria-label^="Score history of nodejs/node"] circle[data-point]').count(), 5);
    assert.match(await page.locator('main').innerText(), /not pinned by hash: \.github\/workflows\/test\.yml:20/);
    assert.equal(await page.getByRole('link', { name: 'How to improve Pinned-Dependencies' }).count(), 1);
    if (shots) await page.screenshot({ path: join(shots, 'dashboard-repository.png'), fullPage: true });
    contrast.push(...(await lowContrastText(page)));

    await page.getByRole('link', { name: 'Checks by repository' }).click();
    await page.waitForURL(/\/checks$/);
    const undici = page.locator('tbody tr', { hasText: 'nodejs/undici' });
    assert.deepEqual(await undici.locator('td').allInnerTexts(), ['9', '?']);
    if (shots) await page.screenshot({ path: join(shots, 'dashboard-checks.png'), fullPage: true });
    contrast.push(...(await lowContrastText(page)));

    await page.getByRole('link', { name: 'Vulnerability findings' }).click();
    await page.waitForURL(/\/findings$/);
    assert.match(await page.locator('main').innerText(), /nodejs\/node · v22\.x[\s\S]*CVE-2024-0727[\s\S]*openssl@3\.0\.13\+quic/);
    if (shots) await page.screenshot({ path: join(shots, 'dashboard-findings.png'), fullPage: true });
    contrast.push(...(await lowContrastText(page)));
    assert.deepEqual(contrast, [], 'all text meets WCAG AA contrast (4.5:1) on every page');

    assert.deepEqual(errors, [], 'no page had a console error or a missing resource');

    // Charts are server-rendered SVG: with JavaScript off, the repository page reads the same.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${dashboard.url}/repo/github.com/nodejs/node`);
    assert.equal(await plain.locator('script').count(), 0, 'the pages ship no JavaScript at all');
    assert.equal(await plain.locator('svg[aria-label^="Score history of nodejs/node"] circle[data-point]').count(), 5);
    await noScript.close();
    const missing = await page.goto(`${dashboard.url}/repo/github.com/nodejs/nope`);
    assert.equal(missing?.status(), 404);
  } finally {
    await browser.close();
    await dashboard.close();
    await opened.close();
  }
});
