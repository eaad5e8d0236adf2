// The CAPA self-assessment in headless Chromium, as a team lead uses it on
// the demo team: open the reviews (history table and chart), start this
// year's review from a copy of the last one, read the evidence for items 5, 7
// and 8, change three ratings with notes from the keyboard, see the total,
// the groups and the full-implementation rule, compare with last year, print
// the summary and export it. After each htmx swap the page's structure is
// checked (one work area, eleven items, the scores first, focus on the saved
// item's button). Screenshots at 1366 and 390 px go to target/screenshots/;
// axe-core checks every page.
//
// Runs the capa binary named by CAPA_BIN with `capa demo` on a free port.

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
  work = mkdtempSync(join(tmpdir(), 'capa-assess-'));
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
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, acceptDownloads: true, locale: 'en-NZ' });
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
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
  const fit = await page.evaluate(() => {
    const width = window.innerWidth;
    const cut = [...document.querySelectorAll('button, .button')]
      .filter((b) => b.offsetParent !== null && !b.closest('.scroll, .table-card'))
      .filter((b) => { const r = b.getBoundingClientRect(); return r.left < -1 || r.right > width + 1; })
      .map((b) => b.textContent.trim());
    return { scroll: document.documentElement.scrollWidth, width, cut };
  });
  assert.ok(fit.scroll <= fit.width + 1, `${name} at ${fit.width} px is ${fit.scroll} px wide`);
  assert.deepEqual(fit.cut, [], `${name}: buttons cut off at ${fit.width} px`);
  await page.setViewportSize(DESKTOP);
}

// The review's structure: one work area holding the scores then eleven
// items, each with one radio group of four choices, one note and its button.
async function checkReviewStructure(page, focusItem) {
  const s = await page.evaluate(() => ({
    works: document.querySelectorAll('#assessment-work').length,
    nested: document.querySelectorAll('#assessment-work #assessment-work').length,
    first: document.querySelector('#assessment-work > :first-child')?.className,
    items: [...document.querySelectorAll('#assessment-work > section.assess-item')].map((s) => s.id),
    radios: [...document.querySelectorAll('section.assess-item')].map((s) => s.querySelectorAll('fieldset.rag input[type=radio][name=rating]').length),
    checked: [...document.querySelectorAll('section.assess-item')].map((s) => s.querySelectorAll('input[name=rating]:checked').length),
    notes: [...document.querySelectorAll('section.assess-item')].map((s) => s.querySelectorAll('textarea[name=note]').length),
    strays: [...document.querySelectorAll('tr > :not(td):not(th)')].map((e) => e.tagName),
    focus: document.activeElement?.textContent?.trim(),
  }));
  assert.equal(s.works, 1, 'one work area');
  assert.equal(s.nested, 0, 'the work area is not nested in itself');
  assert.match(s.first || '', /assess-scores/, 'the scores come first');
  assert.deepEqual(s.items, Array.from({ length: 11 }, (_, i) => `item-${i + 1}`), 'eleven items in order');
  assert.ok(s.radios.every((n) => n === 4), `four choices per item: ${s.radios}`);
  assert.ok(s.checked.every((n) => n === 1), `one choice checked per item: ${s.checked}`);
  assert.ok(s.notes.every((n) => n === 1), 'one note per item');
  assert.deepEqual(s.strays, [], 'table rows hold only cells');
  if (focusItem) assert.equal(s.focus, `Save item ${focusItem}`, 'focus back on the saved item');
}

async function score(page) {
  return page.locator('#scores-h').textContent();
}

test('a team lead reviews the CAPA self-assessment', async () => {
  const { context, page } = await session('lead');
  await page.getByRole('link', { name: 'Self-assessment' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('heading', { name: 'CAPA self-assessment', level: 1 }).waitFor();
  // The history: the demo's two reviews a year apart, the chart and its table.
  const history = page.locator('table', { hasText: 'Every review' });
  assert.equal(await history.locator('tbody tr').count(), 2, 'two past reviews');
  const chart = page.locator('.chart svg[role="img"]');
  assert.equal(await chart.count(), 1);
  assert.match(await chart.locator('desc').textContent(), /of 22 \(Foundation \d of 4/);
  await checkAccessibility(page, 'assessment reviews');
  await shoot(page, 'assessment-reviews');

  // Start this year's review from the last one.
  const copy = page.getByLabel(/a copy of the last review/);
  assert.ok(await copy.isChecked(), 'a copy of the last review is the default');
  await page.getByRole('button', { name: 'Start the review' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('heading', { name: /CAPA self-assessment of/, level: 1 }).waitFor();
  assert.match(await page.locator('main').textContent(), /Started from a copy of the review of/);
  await checkReviewStructure(page);
  const start = await score(page);
  assert.match(start, /Score: 15 of 22/, 'the copy keeps last year\'s ratings');

  // The evidence for items 5, 7 and 8, each with its working and suggestion.
  for (const n of [5, 7, 8]) {
    const item = page.locator(`#item-${n}`);
    const lines = item.locator('.assess-evidence li');
    assert.ok(await lines.count() > 0, `item ${n} has evidence`);
    assert.match(await item.locator('.assess-evidence').textContent(), /suggest/);
    await lines.first().locator('summary', { hasText: 'Working' }).click();
    assert.ok(await lines.first().locator('details[open]').count() === 1, `item ${n}: the working opens`);
  }
  assert.match(await page.locator('#item-1 .assess-evidence').textContent(), /capa holds no evidence/);
  await checkAccessibility(page, 'assessment review');
  await shoot(page, 'assessment-review');

  // Three ratings changed from the keyboard, each with a note.
  const notes = { 5: 'Full booking at every Choice since March.', 7: 'Core and Specific both in every job plan.', 8: 'Targets monitored; review held each quarter.' };
  for (const n of [5, 7, 8]) {
    const item = page.locator(`#item-${n}`);
    const checked = item.locator('input[name=rating]:checked');
    assert.equal(await checked.getAttribute('value'), '1', `item ${n} was Partial`);
    await checked.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await item.locator('input[name=rating]:checked').getAttribute('value'), '2', `item ${n}: the arrow key moves to Yes`);
    await item.getByLabel(`Note for item ${n}`).fill(notes[n]);
    const swapped = page.waitForResponse((r) => r.url().includes(`/items/${n}`) && r.request().method() === 'POST');
    await item.getByRole('button', { name: `Save item ${n}` }).press('Enter');
    assert.equal((await swapped).status(), 200);
    await page.waitForFunction((k) => document.activeElement?.textContent?.trim() === `Save item ${k}`, n);
    await checkReviewStructure(page, n);
    const again = page.locator(`#item-${n}`);
    assert.match(await again.locator('h2 .rag-badge').textContent(), /Yes \(GREEN\)/, 'the rating shows in words beside its colour');
    assert.equal(await again.getByLabel(`Note for item ${n}`).inputValue(), notes[n]);
    assert.match(await page.locator('.assess-scores [role=status]').last().textContent(), new RegExp(`Saved item ${n}`));
  }
  assert.match(await score(page), /Score: 18 of 22/, 'three items up by one');
  const groups = page.locator('table', { hasText: 'By group' });
  assert.match(await groups.locator('tr', { hasText: 'Partnership' }).last().textContent(), /4 of 4/);
  const rule = await page.locator('.assess-rule').textContent();
  assert.match(rule, /full-implementation rule/);
  assert.match(rule, /Partial/);

  // Compared with last year: what went up.
  const compare = page.locator('section', { has: page.locator('#compare-h') });
  assert.match(await compare.textContent(), /From \d\d\/\d\d\/\d{4} to \d\d\/\d\d\/\d{4}: 15 to 18 of 22 \(up 3\)/);
  assert.equal(await compare.locator('li', { hasText: '▲ up' }).count(), 3);
  await checkAccessibility(page, 'assessment review after rating');
  await shoot(page, 'assessment-review-rated');

  // Exports: XLSX and CSV download.
  for (const [name, magic] of [['Export XLSX', 'PK'], ['Export CSV', '\ufeffnumber']]) {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name }).click();
    const file = await (await download).path();
    assert.ok(readFileSync(file).toString('utf8', 0, magic.length + 2).startsWith(magic), `${name} downloads`);
  }

  // The printable summary on A4.
  await page.getByRole('link', { name: 'Printable summary (A4)' }).click();
  await page.waitForLoadState('networkidle');
  const print = page.locator('.print-assessment');
  assert.match(await print.locator('h1').textContent(), /CAPA self-assessment, \d\d\/\d\d\/\d{4}/);
  assert.equal(await print.locator('table').nth(1).locator('tbody tr').count(), 11);
  assert.match(await print.textContent(), /Full booking at every Choice since March\./);
  await checkAccessibility(page, 'assessment print');
  await shoot(page, 'assessment-print');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no navigation on paper');
  const pdf = await page.pdf({ format: 'A4', landscape: true });
  assert.ok(pdf.length > 1000, 'the summary prints');
  await context.close();
});

test('a viewer reads the self-assessment and cannot change it', async () => {
  const { context, page } = await session('viewer');
  await page.getByRole('link', { name: 'Self-assessment' }).click();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('button', { name: 'Start the review' }).count(), 0);
  await page.locator('table', { hasText: 'Every review' }).locator('tbody tr a').first().click();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('input[name=rating]').count(), 0, 'no rating control for a viewer');
  assert.equal(await page.locator('section.assess-item').count(), 11);
  await checkAccessibility(page, 'assessment review (viewer)');
  await context.close();
});
