// The forecast page in headless Chromium, as a team lead new to it uses it:
// open the demo team's forecast, see the waits and their bands, remove a
// clinician from next month and see the waits rise, read the assumptions and
// the headroom, and apply the what-if as new job plan versions. After each
// htmx swap the results' structure is checked (one results section, every
// chart an image with a title and a description and its table beside it);
// screenshots at 1366 and 390 px land in target/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = resolvePath(process.env.CAPA_BIN || join(root, 'target', 'release', 'capa'));
const shots = join(root, 'target', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'capa-forecast-test';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server, browser, base, work;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'capa-forecast-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const args = ['demo', '--bind', `127.0.0.1:${port}`, '--password', PASSWORD];
  if (process.env.CAPA_DEMO_NOW) args.push('--now', process.env.CAPA_DEMO_NOW);
  server = spawn(bin, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`capa demo did not start: ${out}`)), 60000);
    server.stdout.on('data', (d) => { out += d; if (out.includes('Stop with Ctrl-C')) { clearTimeout(timer); resolve(); } });
    server.on('exit', (code) => reject(new Error(`capa demo exited with ${code}: ${out}`)));
    server.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (work) rmSync(work, { recursive: true, force: true });
});

async function checkAccessibility(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`), [], `axe on ${name}`);
}

async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
  const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(fit.scroll <= fit.width + 1, `${name} at ${fit.width} px is ${fit.scroll} px wide`);
  await page.setViewportSize(DESKTOP);
}

// The results' structure: one section, in the page's main, holding figures,
// charts that are images with a title and description and a table beside
// them, the assumptions, and nothing block-level inside a table row.
async function checkResults(page) {
  const s = await page.evaluate(() => ({
    sections: document.querySelectorAll('#forecast-results').length,
    inMain: !!document.querySelector('main > #forecast-results'),
    forms: document.querySelectorAll('main > form#what-if').length,
    charts: [...document.querySelectorAll('#forecast-results svg')].map((svg) => ({
      role: svg.getAttribute('role'),
      title: !!svg.querySelector(':scope > title') && svg.querySelector(':scope > title').textContent.length > 0,
      desc: (svg.querySelector(':scope > desc')?.textContent || '').length,
      table: !!svg.closest('.fan-layout')?.querySelector('details table tbody tr'),
    })),
    figures: document.querySelectorAll('#forecast-results .figure').length,
    strays: [...document.querySelectorAll('#forecast-results tr > :not(td):not(th)')].length,
    assumptions: document.querySelectorAll('#forecast-results section[aria-labelledby="assumptions-h"] li').length,
  }));
  assert.equal(s.sections, 1, 'one results section');
  assert.ok(s.inMain, 'the results sit in main, after the form');
  assert.equal(s.forms, 1, 'one what-if form');
  assert.equal(s.charts.length, 4, 'four fan charts');
  for (const c of s.charts) {
    assert.equal(c.role, 'img');
    assert.ok(c.title && c.desc > 40 && c.table, `chart has title, desc and table: ${JSON.stringify(c)}`);
  }
  assert.equal(s.figures, 5);
  assert.equal(s.strays, 0);
  assert.ok(s.assumptions >= 4, 'the assumptions are written out');
}

const days = (text) => Number(text.replace(/[^0-9.]/g, ''));

test('a team lead forecasts the demo team, removes a clinician from next month and applies it', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'en-NZ' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('lead');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Forecast' }).click();
  await page.waitForSelector('#forecast-results');
  await page.waitForSelector('.headroom-answer', { timeout: 60000 });
  await checkResults(page);
  assert.match(await page.locator('#results-h').textContent(), /The plan as it is/);
  const choiceBefore = days(await page.locator('.figure .value').nth(0).textContent());
  const partnershipBefore = days(await page.locator('.figure .value').nth(1).textContent());
  assert.match(await page.locator('.headroom-answer').textContent(), /referrals a week/);
  await checkAccessibility(page, 'forecast');
  await shoot(page, 'forecast');

  // Remove a clinician from next month: the results re-run in place.
  const swapped = page.waitForResponse((r) => r.url().includes('/forecast?') && r.request().headers()['hx-request'] === 'true');
  await page.locator('#wi-leaver').selectOption('TR');
  await swapped;
  await page.waitForFunction(() => document.querySelector('#results-h')?.textContent.includes('With the changes'));
  await page.waitForSelector('.headroom-answer', { timeout: 60000 });
  await checkResults(page);
  assert.equal(new URL(page.url()).pathname.endsWith('/forecast'), true, 'the page itself did not reload');
  const choiceAfter = days(await page.locator('.figure .value').nth(0).textContent());
  const partnershipAfter = days(await page.locator('.figure .value').nth(1).textContent());
  assert.ok(choiceAfter + partnershipAfter > choiceBefore + partnershipBefore,
    `waits rise: Choice ${choiceBefore} -> ${choiceAfter}, Partnership ${partnershipBefore} -> ${partnershipAfter}`);
  assert.match(await page.locator('#forecast-results .changes').textContent(), /TR leaves/);
  assert.ok(await page.locator('svg polyline[stroke-dasharray]').count() >= 1, 'the median without the changes is drawn');
  assert.match(await page.locator('section[aria-labelledby="assumptions-h"]').textContent(), /Poisson|referrals/i);
  await checkAccessibility(page, 'forecast with a leaver');
  await shoot(page, 'forecast-what-if');

  // Apply it, with the confirmation.
  await page.getByLabel(/I have checked these changes/).check();
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Apply as new job plan versions' }).click(),
  ]);
  assert.match(await page.locator('.flash').textContent(), /Applied to the team's plan: TR's leaving date set/);
  await page.waitForSelector('#forecast-results');
  await checkResults(page);
  await context.close();
});
