// Demand in headless Chromium, as a team lead uses it: upload the demo's
// one-year report, see the pivot and the f/f chart, apply the figures and see
// the targets change; upload a report with a bad NHI on row 17 and be told
// exactly that, with nothing stored, then analyse the rest; a large report
// shows how much has been sent, and one over the server's limit is refused
// before it is sent. After the htmx swap the page's structure is checked; every page is checked with axe-core
// and photographed at 1366 and 390 px (target/screenshots/demand-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const report = join(root, 'examples', 'demo-discharges.csv');
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
  work = mkdtempSync(join(tmpdir(), 'capa-demand-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // A 1 MB upload limit, so that a file over it is quick to make.
  server = spawn(bin, ['demo', '--bind', `127.0.0.1:${port}`, '--password', PASSWORD, '--max-upload-mb', '1'], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
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
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'en-NZ' });
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
  const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(fit.scroll <= fit.width + 1, `${name} at ${fit.width} px is ${fit.scroll} px wide`);
  await page.setViewportSize(DESKTOP);
}

async function openDemand(page) {
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Demand', exact: true }).click();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('h1').textContent(), 'Demand from the discharge report');
}

test('a team lead uploads a report, sees the pivot, applies it and sees the targets change', async () => {
  const { context, page } = await session('lead');
  await openDemand(page);
  assert.match(await page.locator('#privacy').textContent(), /Nothing identifying is stored/);
  const before = await page.locator('section[aria-labelledby="history-h"] tbody tr').count();
  assert.ok(before >= 1, 'the demo has an analysis');
  await checkAccessibility(page, 'demand');
  await shoot(page, 'demand');
  // On a phone each upload of the history is a card: every figure is shown,
  // labelled, inside the screen's width.
  await page.setViewportSize(PHONE);
  const cells = await page.locator('section[aria-labelledby="history-h"] tbody tr').first().locator('td').evaluateAll((tds) =>
    tds.map((td) => { const r = td.getBoundingClientRect(); return { label: getComputedStyle(td, '::before').content, text: td.textContent.trim(), left: r.left, right: r.right, height: r.height }; }));
  assert.equal(cells.length, 6);
  for (const c of cells) {
    assert.ok(c.text.length > 0 && c.height > 0, `a history cell is shown: ${JSON.stringify(c)}`);
    assert.ok(c.left >= 0 && c.right <= PHONE.width, `inside the phone's width: ${JSON.stringify(c)}`);
    assert.match(c.label, /: "$/, `labelled: ${JSON.stringify(c)}`);
  }
  assert.match(cells[0].text, /demo-discharges\.csv/);
  await page.setViewportSize(DESKTOP);

  await page.locator('#file').setInputFiles(report);
  await Promise.all([
    page.waitForURL(/\/demand\/\d+$/),
    page.getByRole('button', { name: 'Upload and analyse' }).click(),
  ]);
  await page.waitForLoadState('networkidle');
  assert.match(await page.locator('h1').textContent(), /Demand from demo-discharges\.csv/);
  const chart = page.locator('svg[role="img"]');
  assert.equal(await chart.count(), 1);
  assert.match(await chart.locator('desc').textContent(), /Choice or one-off range \(0 to 3 f\/f\): 223 episodes; Core range \(4 to 15\): 244/);
  assert.equal(await page.locator('.hist-table tbody tr').count(), 32);
  assert.ok(await page.locator('section[aria-labelledby="pivot-h"] tbody tr').count() > 10);
  assert.match(await page.locator('section[aria-labelledby="streams-h"]').textContent(), /First episode psychosis/);
  assert.ok(await page.locator('#changes tbody tr').count() >= 1);
  assert.ok(await page.locator('#targets tr.changed').count() >= 1, 'a target changes');
  await checkAccessibility(page, 'demand analysis');
  await shoot(page, 'demand-analysis');

  const button = page.getByRole('button', { name: /^Apply these \d+ changes to the plan$/ });
  await Promise.all([page.waitForURL(/\/teams\/\d+$/), button.click()]);
  await page.waitForLoadState('networkidle');
  assert.match(await page.locator('.flash').first().textContent(), /Applied \d+ changes to the team's settings/);
  await page.goBack();
  await page.reload();
  assert.equal(await page.locator('#no-changes').count(), 1, 'applied: nothing more to change');
  await context.close();
});

test('a bad NHI on row 17 is told exactly, nothing is stored, and the rest can be analysed', async () => {
  const lines = readFileSync(report, 'utf8').split('\n').slice(0, 40);
  const fields = lines[16].split(',');
  const nhi = fields[1];
  fields[1] = nhi.slice(0, 6) + (nhi[6] === '0' ? '1' : /\d/.test(nhi[6]) ? '0' : nhi[6] === 'A' ? 'B' : 'A');
  lines[16] = fields.join(',');
  const bad = join(work, 'bad-row-17.csv');
  writeFileSync(bad, lines.join('\n') + '\n');

  const { context, page } = await session('lead');
  await openDemand(page);
  const history = await page.locator('section[aria-labelledby="history-h"] tbody tr').count();
  await page.locator('#file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Upload and analyse' }).click();
  await page.locator('#demand-refusal').waitFor();
  // The structure after the swap: one form, the refusal inside its result
  // box, one bad row with its row, column, value and reason.
  const s = await page.evaluate(() => ({
    forms: document.querySelectorAll('form[data-upload]').length,
    inResult: !!document.querySelector('#demand-result > #demand-refusal'),
    rows: [...document.querySelectorAll('#demand-refusal tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
    strays: [...document.querySelectorAll('tr > :not(td):not(th)')].length,
  }));
  assert.equal(s.forms, 1);
  assert.ok(s.inResult);
  assert.equal(s.strays, 0);
  assert.equal(s.rows.length, 1);
  assert.equal(s.rows[0][0], '17');
  assert.equal(s.rows[0][1], 'nhi');
  assert.equal(s.rows[0][2], fields[1]);
  assert.match(s.rows[0][3], /is not a valid NHI/);
  assert.match(await page.locator('#demand-refusal').textContent(), /row 17, nhi is bad/);
  await checkAccessibility(page, 'demand refusal');
  await shoot(page, 'demand-refusal');
  await page.reload();
  assert.equal(await page.locator('section[aria-labelledby="history-h"] tbody tr').count(), history, 'nothing stored');

  await page.locator('#file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Upload and analyse' }).click();
  await page.locator('#demand-refusal').waitFor();
  await Promise.all([page.waitForURL(/\/demand\/\d+$/), page.getByRole('button', { name: 'Analyse the rest' }).click()]);
  await page.waitForLoadState('networkidle');
  assert.match(await page.locator('section[aria-labelledby="figures-h"]').textContent(), /1 bad rows were left out/);

  await page.getByRole('link', { name: 'Demand', exact: true }).first().click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('h1').textContent(), 'Two reports side by side');
  await checkAccessibility(page, 'demand compare');
  await shoot(page, 'demand-compare');
  await context.close();
});

// The demo's report repeated to about `bytes` (the repeats count as duplicates).
function largeReport(bytes) {
  const [header, ...rows] = readFileSync(report, 'utf8').trimEnd().split('\n');
  const body = rows.join('\n') + '\n';
  return header + '\n' + body.repeat(Math.max(1, Math.floor(bytes / body.length)));
}

test('a large report shows how much has been sent; one over the limit is refused before it is sent', async () => {
  const { context, page } = await session('lead');
  await openDemand(page);
  // Each progress event as the page shows it, kept across the page load
  // that follows the upload.
  const seen = [];
  await page.exposeBinding('recordProgress', (_, r) => { seen.push(r); });
  await page.evaluate(() => document.addEventListener('htmx:xhr:progress', (e) => {
    const form = document.querySelector('form[data-upload]');
    window.recordProgress({
      loaded: e.detail.loaded, total: e.detail.total,
      hidden: form.querySelector('.upload-progress').hidden,
      value: form.querySelector('progress').value,
      text: form.querySelector('[data-progress-text]').textContent,
    });
  }));
  const large = join(work, 'large-report.csv');
  writeFileSync(large, largeReport(900_000));
  await page.locator('#file').setInputFiles(large);
  await Promise.all([
    page.waitForURL(/\/demand\/\d+$/),
    page.getByRole('button', { name: 'Upload and analyse' }).click(),
  ]);
  await page.waitForLoadState('networkidle');
  assert.ok(seen.length >= 1, 'progress was shown');
  for (const r of seen) {
    assert.equal(r.hidden, false);
    assert.equal(r.value, Math.round((r.loaded / r.total) * 100));
    assert.equal(r.text, r.value < 100 ? `${r.value}% sent` : 'sent; analysing');
  }
  assert.equal(seen.at(-1).text, 'sent; analysing');
  assert.match(await page.locator('h1').textContent(), /Demand from large-report\.csv/);

  await openDemand(page);
  const history = await page.locator('section[aria-labelledby="history-h"] tbody tr').count();
  let sent = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/demand/upload')) sent += 1; });
  const tooLarge = join(work, 'too-large.csv');
  writeFileSync(tooLarge, largeReport(1_100_000));
  await page.locator('#file').setInputFiles(tooLarge);
  await page.getByRole('button', { name: 'Upload and analyse' }).click();
  await page.locator('#demand-refusal').waitFor();
  const s = await page.evaluate(() => ({
    inResult: !!document.querySelector('#demand-result > #demand-refusal[role="alert"]'),
    text: document.querySelector('#demand-refusal').textContent,
    forms: document.querySelectorAll('form[data-upload]').length,
  }));
  assert.ok(s.inResult);
  assert.equal(s.forms, 1);
  assert.match(s.text, /the file is larger than 1 MB, the most this server accepts; ask the administrator to raise capa's upload limit/);
  assert.match(s.text, /Nothing was sent or stored/);
  assert.equal(sent, 0, 'nothing was sent');
  await checkAccessibility(page, 'demand too large');
  await shoot(page, 'demand-too-large');
  await page.reload();
  assert.equal(await page.locator('section[aria-labelledby="history-h"] tbody tr').count(), history, 'nothing stored');
  await context.close();
});
