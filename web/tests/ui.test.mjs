// The web application in headless Chromium, as a team lead and a clinician use
// it: log in, find the team job plan, change a session and see the target move,
// export, print, and check every page with axe-core. Screenshots of each page
// are kept in target/screenshots/ for review.
//
// Runs the capa binary named by CAPA_BIN (default: target/release/capa) with
// `capa demo` on a free port in a temporary folder.

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
const PASSWORD = 'capa-browser-test';

let server, browser, base, work;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'capa-ui-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['demo', '--bind', `127.0.0.1:${port}`, '--password', PASSWORD], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
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

async function session(username) {
  // bypassCSP lets the test inject axe-core; capa itself serves only its own scripts.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true, acceptDownloads: true, locale: 'en-NZ' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
  return { context, page };
}

async function checkAccessibility(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`), [], `axe on ${name}`);
}

async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

test('the login page is accessible', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await shoot(page, 'login');
  await checkAccessibility(page, 'login');
  await context.close();
});

test('a team lead finds the team job plan, changes a plan and sees the balance move', async () => {
  const { context, page } = await session('lead');
  assert.match(page.url(), /\/teams\/\d+$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Team job plan' }).waitFor());
  const total = Number(await page.locator('[data-figure="new_core_total"]').textContent());
  // The explanation of a figure is one click away.
  await page.locator('.figure', { hasText: 'Balance ratio' }).getByText('How is this computed?').click();
  assert.match(await page.locator('.figure', { hasText: 'Balance ratio' }).locator('details p').textContent(), /new Core Partnerships per quarter \/ accepted referrals per week/);
  await shoot(page, 'team-job-plan');
  await checkAccessibility(page, 'team job plan');

  // FS, the lead's own plan: a Management session becomes a free (Core) session.
  await page.getByRole('link', { name: 'FS', exact: true }).click();
  await page.getByRole('heading', { name: /Job plan: FS/ }).waitFor();
  assert.equal(await page.locator('#new-core-target').textContent(), '9');
  await page.locator('[data-cell][data-row="2"][data-day="0"]').click();
  await page.locator('#cell-editor').waitFor();
  await shoot(page, 'job-plan-cell-editor');
  await page.getByLabel('Activity').selectOption('core');
  await page.getByRole('button', { name: 'Save session' }).click();
  await page.locator('#new-core-target', { hasText: '12' }).waitFor();
  assert.equal(await page.locator('#cell-2-0').textContent(), 'Core (free)');
  await shoot(page, 'job-plan-editor');
  await checkAccessibility(page, 'job plan editor');

  // Keyboard: the arrow keys move between sessions.
  await page.locator('[data-cell][data-row="1"][data-day="1"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.day), '2');

  await page.getByRole('link', { name: 'Team job plan' }).click();
  assert.equal(Number(await page.locator('[data-figure="new_core_total"]').textContent()), total + 3);
  await context.close();
});

test('the lead exports the team job plan as XLSX and prints a plan on one A4 page', async () => {
  const { context, page } = await session('lead');
  await page.getByRole('link', { name: 'Files' }).click();
  await shoot(page, 'files');
  await checkAccessibility(page, 'files');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Team job plan (XLSX)' }).click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip file');

  await page.getByRole('link', { name: 'Clinicians' }).click();
  await page.getByRole('link', { name: 'Job plan of TR' }).click();
  await page.getByRole('link', { name: 'Print (A4)' }).click();
  await page.getByText('JOB PLAN #').waitFor();
  await page.emulateMedia({ media: 'print' });
  await shoot(page, 'print');
  const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the printed job plan fits one A4 page');
  await page.emulateMedia({ media: 'screen' });
  await checkAccessibility(page, 'print');
  await context.close();
});

test('every page is tidy and accessible', async () => {
  const { context, page } = await session('lead');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  for (const [name, path] of [
    ['year', `/teams/${team}/year`], ['clinicians', `/teams/${team}/clinicians`], ['clinician', `/teams/${team}/clinicians/TR`],
    ['settings', `/teams/${team}/settings`], ['skills-map', `/teams/${team}/skills`], ['audit-log', `/teams/${team}/audit`],
    ['account', '/account'], ['method', '/method'],
    ['diary-choice', `/teams/${team}/diary/choice?client=AV-4242`], ['diary-managed', `/teams/${team}/diary/managed`],
    ['diary-absences', `/teams/${team}/diary/absences`], ['diary-calendar', `/teams/${team}/diary/calendar?clinician=FS`],
    ['diary-plot', `/teams/${team}/diary/plot?clinician=TR`], ['members', `/teams/${team}/members`],
  ]) {
    await page.goto(base + path);
    await shoot(page, name);
    await checkAccessibility(page, name);
  }
  await context.close();
  const admin = await session('admin');
  for (const [name, path] of [['home-admin', '/'], ['users', '/admin/users']]) {
    const page = admin.page;
    await page.goto(base + path);
    await shoot(page, name);
    await checkAccessibility(page, name);
  }
  await admin.context.close();
});

test('a clinician edits their own plan only, a viewer edits nothing', async () => {
  const { context, page } = await session('clinician');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/clinicians/TR/plan`);
  assert.ok(await page.locator('[data-cell]').count() > 0, 'own plan is editable');
  await page.goto(`${base}/teams/${team}/clinicians/AD/plan`);
  assert.equal(await page.locator('[data-cell]').count(), 0, "another's plan is read-only");
  await context.close();
  const viewer = await session('viewer');
  await viewer.page.goto(`${base}/teams/${team}/settings`);
  assert.equal(await viewer.page.getByRole('button', { name: 'Save settings' }).count(), 0);
  await viewer.context.close();
});

test('a booking administrator and two clinicians run the diary: publish, book at the end of Choice, DNA, re-offer', async () => {
  // TR publishes next quarter's remaining offers from the job plan (the demo has published the suggested ones).
  const tr = await session('clinician');
  const team = tr.page.url().match(/\/teams\/(\d+)/)[1];
  await tr.page.getByRole('link', { name: 'Diary' }).click();
  await shoot(tr.page, 'diary-week');
  await checkAccessibility(tr.page, 'diary week');
  await tr.page.getByRole('link', { name: 'Publish offers' }).click();
  await tr.page.getByRole('heading', { name: /Publish offers: TR/ }).waitFor();
  await shoot(tr.page, 'diary-publish');
  await checkAccessibility(tr.page, 'publish offers');
  const boxes = tr.page.locator('input[name="slot"]');
  if (await boxes.count() > 0) {
    await boxes.first().check();
    await tr.page.getByRole('button', { name: 'Publish the ticked sessions' }).click();
    await tr.page.getByRole('heading', { name: /Activity-planning sheet/ }).waitFor();
  }
  await tr.context.close();

  // The booking administrator books a family with advanced Dynamic skills needed.
  const booking = await session('booking');
  await booking.page.goto(`${base}/teams/${team}/diary/book?skill_Dynamic=advanced`);
  await shoot(booking.page, 'diary-book');
  await checkAccessibility(booking.page, 'book at the end of Choice');
  const first = booking.page.locator('tbody tr').first();
  const label = (await first.locator('strong').textContent()).trim();
  await first.getByLabel('NHI or local reference').fill('ZZZ0024');
  await first.getByRole('button', { name: `Book ${label}` }).click();
  await booking.page.getByText(`Booked ${label}`).waitFor();
  await booking.context.close();

  // The lead records a DNA in the diary, sees the re-offer task and re-offers.
  const lead = await session('lead');
  await lead.page.goto(`${base}/teams/${team}/diary/sheet`);
  await shoot(lead.page, 'diary-sheet');
  await checkAccessibility(lead.page, 'activity-planning sheet');
  const before = await lead.page.getByRole('button', { name: /^Re-offer/ }).count();
  assert.ok(before >= 1, 'the demo has a DNA waiting to be re-offered');
  await lead.page.getByRole('button', { name: /^Re-offer/ }).first().click();
  await lead.page.getByRole('heading', { name: /Activity-planning sheet/ }).waitFor();
  assert.equal(await lead.page.getByRole('button', { name: /^Re-offer/ }).count(), before - 1, 'the task is done');
  await lead.context.close();
});
