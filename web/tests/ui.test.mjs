// The web application in headless Chromium, as a team lead and a clinician use
// it: log in, find the team job plan, change a session and see the target move,
// export, print, and check every page with axe-core. After each htmx swap the
// page's structure is checked (nothing block-level inside a table row, the
// panel in its place, focus on the edited cell) and its layout compared with
// before. Screenshots of each page, at 1366 and at 390 px wide, are kept in
// target/screenshots/ for review; at 390 px no page is wider than the screen.
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

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

// Screenshots at desktop and phone width; at phone width the page must not be
// wider than the screen (wide tables scroll inside their cards) and no button
// may be cut off at the edge.
async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const size = page.viewportSize();
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
  if (size) await page.setViewportSize(size);
}

// The job plan editor's structure: every row of the grid holds only cells, the
// targets panel sits in its aside outside the table, each session row has one
// cell per day.
async function checkEditorStructure(page) {
  const s = await page.evaluate(() => ({
    strays: [...document.querySelectorAll('tr > :not(td):not(th)')].map((e) => e.tagName),
    blocksInRows: [...document.querySelectorAll('table.plan tr')].filter((tr) => tr.querySelector('div, section, aside, form, table, p')).length,
    panelInTable: !!document.querySelector('table #plan-targets, tr #plan-targets'),
    panelInAside: !!document.querySelector('aside > #plan-targets'),
    panels: document.querySelectorAll('#plan-targets').length,
    workspaces: document.querySelectorAll('#plan-workspace').length,
    rowCells: [...document.querySelectorAll('table.plan tbody tr:not(.block)')].map((tr) => tr.querySelectorAll('td.cell').length),
    days: document.querySelectorAll('table.plan thead th').length - 1,
  }));
  assert.deepEqual(s.strays, [], 'table rows hold only cells');
  assert.equal(s.blocksInRows, 0, 'no block element inside a grid row');
  assert.equal(s.panelInTable, false, 'the targets panel is not inside the grid');
  assert.ok(s.panelInAside && s.panels === 1 && s.workspaces === 1, 'one targets panel, in its aside');
  assert.ok(s.rowCells.length > 0 && s.rowCells.every((n) => n === s.days), `one cell per day in each session row: ${s.rowCells}`);
}

// Where the editor's parts are on the page, to compare before and after a swap.
async function editorLayout(page) {
  return page.evaluate(() => Object.fromEntries(['table.plan', '#plan-targets', 'main h1'].map((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return [sel, { x: Math.round(r.x + window.scrollX), y: Math.round(r.y + window.scrollY), w: Math.round(r.width) }];
  })));
}

test('the login page is accessible', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await shoot(page, 'login');
  await checkAccessibility(page, 'login');
  await context.close();
});

// The id of the grid cell holding focus. htmx moves focus after it settles
// the swap (htmx:afterSettle), a moment after the new content is in the page,
// so this waits up to two seconds for the expected cell before reading.
async function focusedCell(page, expected) {
  const read = () => document.activeElement && document.activeElement.closest('td') ? document.activeElement.closest('td').id : null;
  await page.waitForFunction((id) => {
    const cell = document.activeElement && document.activeElement.closest('td');
    return cell && cell.id === id;
  }, expected, { timeout: 2000 }).catch(() => {});
  return page.evaluate(read);
}

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
  await checkEditorStructure(page);
  const before = await editorLayout(page);
  await page.locator('[data-cell][data-row="2"][data-day="0"]').click();
  await page.locator('#cell-editor').waitFor();
  await checkEditorStructure(page);
  await shoot(page, 'job-plan-cell-editor');
  await page.getByLabel('Activity').selectOption('core');
  await page.getByRole('button', { name: 'Save session' }).click();
  await page.locator('#new-core-target', { hasText: '12' }).waitFor();
  assert.equal(await page.locator('#cell-2-0').textContent(), 'Core (free)');
  // After the swap: the page is whole, laid out as before, focus on the cell saved.
  await checkEditorStructure(page);
  assert.deepEqual(await editorLayout(page), before, 'the grid, the panel and the heading stay where they were');
  assert.equal(await focusedCell(page, 'cell-2-0'), 'cell-2-0', 'focus stays on the edited cell');
  await page.getByText('Saved Monday, session 3: Core (free).').waitFor();
  // The same from the keyboard: Enter on a cell, Enter on Save, focus comes back.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.locator('#cell-editor').waitFor();
  await page.getByLabel('Activity').selectOption('core');
  await page.getByRole('button', { name: 'Save session' }).press('Enter');
  await page.getByText('Saved Tuesday, session 3: Core (free).').waitFor();
  const target = Number(await page.locator('#new-core-target').textContent());
  await checkEditorStructure(page);
  assert.equal(await focusedCell(page, 'cell-2-1'), 'cell-2-1', 'focus on the second edited cell');
  // An Other session without a label: the editor says so, in place.
  await page.locator('[data-cell][data-row="0"][data-day="4"]').click();
  await page.locator('#cell-editor').waitFor();
  await page.getByLabel('Activity').selectOption('other');
  await page.getByLabel('Other: label').fill('');
  await page.getByRole('button', { name: 'Save session' }).click();
  await page.getByText('an Other session needs a label').waitFor();
  await checkEditorStructure(page);
  await shoot(page, 'job-plan-editor');
  await checkAccessibility(page, 'job plan editor');

  // Keyboard: the arrow keys move between sessions.
  await page.locator('[data-cell][data-row="1"][data-day="1"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.day), '2');

  await page.getByRole('link', { name: 'Team job plan' }).click();
  assert.equal(Number(await page.locator('[data-figure="new_core_total"]').textContent()), total + target - 9);
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
  await shoot(page, 'print');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(shots, 'print-a4.png'), fullPage: true });
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
    ['account', '/account'], ['method', `/teams/${team}/method`],
    ['diary-managed', `/teams/${team}/diary/managed`],
    ['diary-absences', `/teams/${team}/diary/absences`], ['diary-calendar', `/teams/${team}/diary/calendar?clinician=FS`],
    ['diary-plot', `/teams/${team}/diary/plot?clinician=TR`], ['members', `/teams/${team}/members`],
  ]) {
    await page.goto(base + path);
    await shoot(page, name);
    await checkAccessibility(page, name);
  }
  // Full booking to Choice: the family's reference goes in the body of a
  // posted search (htmx swaps the page's main in place), never in the URL.
  await page.goto(`${base}/teams/${team}/diary/choice`);
  await page.getByLabel('NHI or local reference').fill('AV-4242');
  await page.getByRole('button', { name: 'Find two slots' }).click();
  await page.locator('main h2[id^="slot-"]').first().waitFor();
  assert.ok(!page.url().includes('AV-4242'), `no identifier in ${page.url()}`);
  assert.deepEqual(await page.evaluate(() => ({
    mains: document.querySelectorAll('main').length,
    forms: document.querySelectorAll('main form[aria-label="What the family can do"]').length,
    kept: document.querySelector('#c-client').value,
    slots: document.querySelectorAll('main section h2[id^="slot-"]').length,
  })), { mains: 1, forms: 1, kept: 'AV-4242', slots: 2 }, 'one page, the search kept, two slots');
  await shoot(page, 'diary-choice');
  await checkAccessibility(page, 'diary choice');
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

// A label typed as a clinician writes it is read as `capa plan check` reads
// a file's cell, and the editor says so; a label that places the session
// nowhere is a warning naming it. The session is put back as it was.
test('the job plan editor shows how each session was read and warns of one it cannot place', async () => {
  const { context, page } = await session('clinician');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/clinicians/TR/plan`);
  assert.match(await page.locator('#plan-readings').textContent(), /'DBT consult' read as Other: consultation/);
  assert.equal(await page.locator('#plan-unplaced').count(), 0);
  const save = async (label) => {
    await page.locator('[data-cell][data-row="1"][data-day="0"]').click();
    await page.locator('#cell-editor').waitFor();
    await page.getByLabel('Activity').selectOption('other');
    await page.getByLabel('Other: label').fill(label);
    await page.getByRole('button', { name: 'Save session' }).click();
  };
  await save('Choice clinic');
  await page.getByText("Saved Monday, session 2: Choice ('Choice clinic' read as Choice).").waitFor();
  await checkEditorStructure(page);
  await save('Family therapy clinic');
  await page.locator('#plan-unplaced').waitFor();
  assert.match(await page.locator('#plan-unplaced li').first().textContent(), /^Monday, Session 2 .*'Family therapy clinic' could not be placed/);
  assert.equal(await page.locator('#cell-1-0.unplaced').count(), 1, 'the cell is marked');
  assert.match(await page.locator('#cell-1-0 a').getAttribute('aria-label'), /Family therapy clinic \(capa cannot place it\)/);
  await checkEditorStructure(page);
  await shoot(page, 'job-plan-readings');
  await checkAccessibility(page, 'job plan editor with readings');
  await page.locator('[data-cell][data-row="1"][data-day="0"]').click();
  await page.locator('#cell-editor').waitFor();
  await page.getByLabel('Activity').selectOption('core');
  await page.getByRole('button', { name: 'Save session' }).click();
  await page.getByText('Saved Monday, session 2: Core (free).').waitFor();
  assert.equal(await page.locator('#plan-unplaced').count(), 0);
  await context.close();
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
  // The day list: from the week, a day's heading opens that day alone.
  await booking.page.goto(`${base}/teams/${team}/diary`);
  await booking.page.locator('main h2 a').first().click();
  await booking.page.getByRole('heading', { name: 'Day list' }).waitFor();
  assert.equal(await booking.page.locator('main section h2').count(), 1, 'one day');
  await shoot(booking.page, 'diary-day');
  await checkAccessibility(booking.page, 'day list');
  await booking.page.goto(`${base}/teams/${team}/diary/book?skill_Dynamic=advanced`);
  await shoot(booking.page, 'diary-book');
  await checkAccessibility(booking.page, 'book at the end of Choice');
  const first = booking.page.locator('tbody tr').first();
  const label = (await first.locator('strong').textContent()).trim();
  // A wrong NHI: said next to the field, the search kept.
  await first.getByLabel('NHI or local reference').fill('ZZZ0017');
  await first.getByRole('button', { name: `Book ${label}` }).click();
  await booking.page.locator('.field-error').first().waitFor();
  assert.equal(await booking.page.locator('select[name="skill_Dynamic"]').inputValue(), 'advanced', 'the search is kept');
  await shoot(booking.page, 'diary-book-wrong-nhi');
  const again = booking.page.locator('tbody tr').first();
  await again.getByLabel('NHI or local reference').fill('ZZZ0024');
  await again.getByRole('button', { name: /^Book / }).click();
  await booking.page.getByText(/^Booked /).waitFor();
  // The search is posted (htmx, in place): the page stays whole, the query
  // string never holds the family.
  await booking.page.getByRole('button', { name: 'Find offers' }).click();
  await booking.page.waitForLoadState('networkidle');
  assert.ok(!/client=|ZZZ0024/.test(booking.page.url()), booking.page.url());
  assert.equal(await booking.page.evaluate(() => document.querySelectorAll('main').length), 1);
  assert.equal(await booking.page.locator('select[name="skill_Dynamic"]').inputValue(), 'advanced', 'the search is kept');
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

test("the clinician's quarter is a plot: an accessible SVG with a table beside it, by clinician and quarter", async () => {
  const { context, page } = await session('lead');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/diary/plot?clinician=TR`);
  const check = async (who) => {
    await page.getByRole('heading', { name: new RegExp(`^${who} .*week by week`) }).waitFor();
    const s = await page.evaluate(() => {
      const svg = document.querySelector('figure svg.plot');
      return {
        svgs: document.querySelectorAll('svg.plot').length,
        role: svg?.getAttribute('role'),
        labelled: svg?.getAttribute('aria-labelledby'),
        title: svg?.querySelector('title')?.textContent ?? '',
        desc: svg?.querySelector('desc')?.textContent ?? '',
        firsts: svg?.querySelectorAll('rect.plot-first').length ?? 0,
        bars: svg?.querySelectorAll('rect.plot-seen, rect.plot-first').length ?? 0,
        weeks: document.querySelectorAll('.plot-layout table tbody tr').length,
        starting: [...document.querySelectorAll('.plot-layout table tbody tr')].map((tr) => Number(tr.children[3].textContent)).reduce((a, b) => a + b, 0),
        tableBeside: !!document.querySelector('.plot-layout > figure + .table-card table'),
      };
    });
    assert.equal(s.svgs, 1, 'one chart');
    assert.equal(s.role, 'img');
    assert.equal(s.labelled, 'plot-title plot-desc');
    assert.match(s.title, new RegExp(`^${who} `));
    assert.match(s.desc, /Week of /);
    assert.ok(s.weeks >= 12 && s.weeks <= 14, `a quarter of weeks: ${s.weeks}`);
    assert.equal(s.firsts, s.starting, 'one first-appointment mark per episode starting, as the table counts');
    assert.ok(s.tableBeside, 'the table beside the chart');
    return s;
  };
  const tr = await check('TR');
  assert.ok(tr.bars > 0, 'TR has episodes this quarter');
  await shoot(page, 'diary-plot-chart');
  await checkAccessibility(page, 'quarter plot');
  // The selectors: another clinician, the next quarter.
  await page.locator('#p-who').selectOption('AD');
  const quarters = await page.locator('#p-q option').evaluateAll((os) => os.map((o) => o.value));
  const at = quarters.indexOf(await page.locator('#p-q').inputValue());
  await page.locator('#p-q').selectOption(quarters[Math.min(at + 1, quarters.length - 1)]);
  await page.getByRole('button', { name: 'Show' }).click();
  await check('AD');
  await shoot(page, 'diary-plot-next');
  await checkAccessibility(page, 'quarter plot, next quarter');
  await context.close();
});

test('a wrong outcome is corrected in the diary, with a reason, by the clinician', async () => {
  const tr = await session('clinician');
  const page = tr.page;
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  const offers = await (await page.request.get(`${base}/api/v1/offers?team=${team}&clinician=TR&state=attended`)).json();
  assert.ok(offers.length > 0, 'TR has attended first appointments');
  const offer = offers[offers.length - 1];
  const day = new Date(offer.starts_at).toLocaleDateString('en-CA', { timeZone: 'Pacific/Auckland' });
  await page.goto(`${base}/teams/${team}/diary?week=${day}`);
  const row = page.locator(`#appointment-${offer.id}`);
  const structure = async () => page.evaluate((id) => {
    const row = document.getElementById(`appointment-${id}`);
    return {
      rows: document.querySelectorAll(`#appointment-${id}`).length,
      strays: [...document.querySelectorAll('tr > :not(td):not(th)')].map((e) => e.tagName),
      controlInRow: !!row?.querySelector('td:last-child details.correct form select[name="outcome"]'),
      reasonRequired: row?.querySelector('input[name="reason"]')?.required ?? false,
      state: row?.querySelector('td[data-label="State"]')?.textContent.trim(),
      choices: [...(row?.querySelectorAll('details.correct option') ?? [])].map((o) => o.value),
      flashes: document.querySelectorAll('.flash').length,
    };
  }, offer.id);
  let s = await structure();
  assert.equal(s.rows, 1);
  assert.deepEqual(s.strays, []);
  assert.ok(s.controlInRow && s.reasonRequired, 'the correction control, with a required reason, in its row');
  assert.equal(s.state, 'attended');
  assert.ok(!s.choices.includes('attended'), 'the outcome recorded is not offered again');
  await row.locator('summary').click();
  await shoot(page, 'diary-correct-open');
  await checkAccessibility(page, 'correcting an outcome');
  await row.getByLabel(`Correct outcome of ${offer.label} to`).selectOption('dna');
  await row.getByLabel('Reason (kept in the audit log)').fill('the family did not come; attended was ticked by mistake');
  await row.getByRole('button', { name: /^Correct/ }).click();
  await page.getByText(new RegExp(`^Corrected: ${offer.label} was attended, now did not attend`)).waitFor();
  s = await structure();
  assert.equal(s.rows, 1);
  assert.deepEqual(s.strays, []);
  assert.equal(s.state, 'did not attend');
  assert.equal(s.flashes, 1);
  assert.ok(await row.getByRole('button', { name: `Re-offer ${offer.label}` }).count() === 1, 'a DNA is re-offered');
  assert.ok(s.choices.includes('attended') && !s.choices.includes('dna'));
  await shoot(page, 'diary-corrected');
  await checkAccessibility(page, 'an outcome corrected');
  // And back: correcting the DNA withdraws its re-offer task.
  await row.locator('summary').click();
  await row.getByLabel(`Correct outcome of ${offer.label} to`).selectOption('attended');
  await row.getByLabel('Reason (kept in the audit log)').fill('checked the notes: they came');
  await row.getByRole('button', { name: /^Correct/ }).click();
  await page.getByText(/Its re-offer task is withdrawn/).waitFor();
  s = await structure();
  assert.equal(s.state, 'attended');
  assert.equal(await row.getByRole('button', { name: `Re-offer ${offer.label}` }).count(), 0);
  await tr.context.close();
});

test('the publish page shows what is already published for the quarter', async () => {
  const tr = await session('clinician');
  const page = tr.page;
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/diary/publish?clinician=TR&kind=core`);
  await page.getByRole('heading', { name: /Publish offers: TR/ }).waitFor();
  const count = (await page.locator('.published-count').textContent()).trim();
  const m = count.match(/^(\d+) of (\d+) published for (\S+)/);
  assert.ok(m, `already published: ${count}`);
  assert.ok(Number(m[1]) > 0, 'the demo published offers for next quarter');
  await page.getByText(/^The \d+ offers$/).click();
  const s = await page.evaluate(() => ({
    sections: document.querySelectorAll('#published').length,
    items: document.querySelectorAll('#published .published-list li').length,
    labelled: [...document.querySelectorAll('#published .published-list li strong')].every((e) => /^TR(-[A-Za-z]+)?\d+$/.test(e.textContent.trim())),
    formAfter: !!document.querySelector('#published ~ form.card input[name="slot"], #published ~ p'),
  }));
  assert.equal(s.sections, 1);
  assert.ok(s.items >= Number(m[1]), `every published offer listed (${s.items} for ${m[1]})`);
  assert.ok(s.labelled, 'each named by its label');
  await shoot(page, 'diary-publish-published');
  await checkAccessibility(page, 'publish page with published offers');
  await tr.context.close();
});

// The settings page's structure: each field one label and one control, the
// groups in order, one form for the settings and one per stream.
async function checkSettingsStructure(page) {
  const s = await page.evaluate(() => ({
    fields: [...document.querySelectorAll('form [data-setting]')].map((f) => ({
      name: f.dataset.setting,
      labels: f.querySelectorAll('label').length,
      controls: f.querySelectorAll('input, select, textarea').length,
      labelled: !!document.querySelector(`label[for="${f.querySelector('input, select, textarea')?.id}"]`),
    })),
    groups: [...document.querySelectorAll('h2.settings-group')].map((h) => h.textContent.trim()),
    settingsForms: [...document.querySelectorAll('form')].filter((f) => f.querySelector('[data-setting]')).length,
    streamForms: document.querySelectorAll('form.stream-form').length,
  }));
  assert.ok(s.fields.length >= 28, `every setting is shown (${s.fields.length})`);
  for (const f of s.fields) assert.ok(f.labels === 1 && f.controls === 1 && f.labelled, `${f.name}: one label for one control`);
  assert.deepEqual(s.groups, ['Team', 'Session layout', 'The year and its figures', 'Holidays, leave and waits']);
  assert.equal(s.settingsForms, 1, 'one settings form');
  return s;
}

test('a team lead sets the holiday calendar, is told why a layout cannot be used, and adds a stream', async () => {
  const { context, page } = await session('lead');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/settings`);
  const first = await checkSettingsStructure(page);
  assert.ok(await page.locator('#holidays tbody tr', { hasText: 'Waitangi Day' }).count() >= 1, 'the national holidays are listed');
  // A region's anniversary day.
  await page.getByLabel('Public holiday calendar').selectOption('nz-canterbury');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText("Saved the team's settings").waitFor();
  await page.goto(`${base}/teams/${team}/settings`);
  assert.equal(await page.getByLabel('Public holiday calendar').inputValue(), 'nz-canterbury');
  assert.ok(await page.locator('#holidays tbody tr', { hasText: 'Canterbury Anniversary Day' }).count() === 1, 'the region\'s day is listed once');
  await shoot(page, 'settings-holidays');
  // A layout of three sessions would not fit the team's job plans: said next to the blocks, kept as typed.
  await page.getByLabel('Session layout').selectOption('custom');
  await page.getByLabel('Own layout: name').fill('Three a day');
  await page.getByLabel('Own layout: working days').fill('Monday to Thursday');
  const three = 'Morning, 09:00, 11:00\nMidday, 11:30, 13:00\nAfternoon, 14:00, 16:00';
  await page.getByLabel("Own layout: the day's blocks").fill(three);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('The settings were not saved').waitFor();
  const again = await checkSettingsStructure(page);
  assert.equal(again.fields.length, first.fields.length, 'the same fields after the refusal');
  const blocks = page.getByLabel("Own layout: the day's blocks");
  assert.equal(await blocks.getAttribute('aria-invalid'), 'true');
  assert.equal(await blocks.inputValue(), three, 'kept as typed');
  assert.match(await page.locator('#h-layout_blocks .field-error').textContent(), /4 sessions a day on 5 days/);
  assert.equal(await page.getByLabel('Session layout').inputValue(), 'custom');
  await shoot(page, 'settings-layout-refused');
  await checkAccessibility(page, 'settings refused');
  // A stream added with its multiplier gets a form of its own.
  await page.goto(`${base}/teams/${team}/settings`);
  const streams = await page.locator('form.stream-form').count();
  const add = page.locator('#stream-new');
  await add.getByLabel('Name').fill('Eating disorders');
  await add.getByLabel('Multiplier').fill('2.5');
  await add.getByRole('button', { name: 'Add stream' }).click();
  await page.getByText('Added the Eating disorders stream.').waitFor();
  assert.equal(await page.locator('form.stream-form').count(), streams + 1);
  assert.match(await page.locator('form.stream-form', { hasText: 'Eating disorders' }).first().textContent(), /Multiplier now: 2\.5/);
  await shoot(page, 'settings-streams');
  await checkAccessibility(page, 'settings');
  await context.close();
});

// The audit log's structure: one filter form outside one results region; in
// it one table whose rows each have the four cells.
async function checkAuditStructure(page) {
  const s = await page.evaluate(() => ({
    forms: document.querySelectorAll('#audit-filter').length,
    results: document.querySelectorAll('#audit-results').length,
    formInResults: !!document.querySelector('#audit-results #audit-filter'),
    tables: document.querySelectorAll('#audit-results table').length,
    cells: [...document.querySelectorAll('#audit-results tbody tr')].map((tr) => tr.querySelectorAll('td').length),
    strays: [...document.querySelectorAll('#audit-results tr > :not(td):not(th)')].length,
  }));
  assert.equal(s.forms, 1, 'one filter form');
  assert.equal(s.results, 1, 'one results region');
  assert.equal(s.formInResults, false, 'the filters are not swapped with the results');
  assert.equal(s.strays, 0, 'table rows hold only cells');
  assert.ok(s.cells.every((n) => n === 4), 'four cells a row');
  return s;
}

test('the lead reads the audit log and filters it by clinician, kind and date in place', async () => {
  const { context, page } = await session('lead');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  // A change to TR's plan to find.
  await page.goto(`${base}/teams/${team}/clinicians/TR/plan`);
  await page.locator('[data-cell][data-row="3"][data-day="0"]').click();
  await page.locator('#cell-editor').waitFor();
  await page.getByLabel('Activity').selectOption('core');
  await page.getByRole('button', { name: 'Save session' }).click();
  await page.getByText('Saved Monday, session 4').waitFor();
  await page.goto(`${base}/teams/${team}/audit`);
  await checkAuditStructure(page);
  assert.ok(await page.locator('.audit-sentence', { hasText: "changed TR's job plan #1, Monday session 4:" }).count() >= 1);
  assert.equal(await page.locator('#audit-results pre').count(), 0, 'no JSON dumps');
  // By clinician, swapped in place.
  await page.getByLabel('Clinician').selectOption('TR');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/clinician=TR/);
  await page.waitForFunction(() => [...document.querySelectorAll('.audit-sentence')].every((s) => s.textContent.includes('TR')));
  const byTr = await checkAuditStructure(page);
  assert.ok(byTr.cells.length >= 2, 'TR has records');
  assert.deepEqual(await page.locator('.audit-sentence').evaluateAll((ss) => ss.filter((s) => !s.textContent.includes("TR")).length), 0);
  await shoot(page, 'audit-by-clinician');
  // By kind: only the team's settings (there are none changed in this test's team yet but the calendar's).
  await page.getByLabel('Clinician').selectOption('');
  await page.getByLabel('Kind').selectOption('job-plan');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/kind=job-plan/);
  await page.waitForFunction(() => [...document.querySelectorAll('#audit-results tbody tr td:nth-child(3)')].every((c) => c.textContent === 'Job plan'));
  await checkAuditStructure(page);
  // A wrong date: said in the results, the filters stay.
  await page.getByLabel('From').fill('31/02/2026');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.locator('#audit-results [role="alert"]', { hasText: "'31/02/2026' is not a date" }).waitFor();
  const bad = await checkAuditStructure(page);
  assert.equal(bad.tables, 0);
  assert.equal(await page.getByLabel('Kind').inputValue(), 'job-plan', 'the filters are kept');
  await shoot(page, 'audit-bad-date');
  await checkAccessibility(page, 'audit log filtered');
  await context.close();
});

test('passwords: an administrator sets a one-time password, the user must change it, then changes their own', async () => {
  const admin = await session('admin');
  await admin.page.goto(`${base}/admin/users`);
  await admin.page.getByLabel('Username').fill('pat');
  await admin.page.getByLabel('Name', { exact: true }).fill('Pat Ngata');
  await admin.page.locator('#nu-password').fill('harakeke-weaving-kete');
  await admin.page.getByRole('button', { name: 'Create' }).click();
  await admin.page.locator('.flash', { hasText: 'Created the account pat' }).waitFor();
  await admin.page.getByLabel('One-time password for pat').fill('one-time-tui-song');
  await admin.page.getByRole('button', { name: 'Set a one-time password for pat' }).click();
  await admin.page.locator('.flash', { hasText: 'Set a one-time password for pat' }).waitFor();
  assert.ok(await admin.page.getByText('must change the one-time password').isVisible());
  await shoot(admin.page, 'users-one-time');
  await checkAccessibility(admin.page, 'users after a one-time password');
  await admin.context.close();

  // Pat signs in with it and can reach only the change-password page.
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'en-NZ' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('pat');
  await page.getByLabel('Password').fill('one-time-tui-song');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Change your password' }).waitFor();
  assert.ok(page.url().endsWith('/account/password'), page.url());
  await page.goto(`${base}/account`);
  assert.ok(page.url().endsWith('/account/password'), `the account page leads back: ${page.url()}`);
  await shoot(page, 'password-forced');
  await checkAccessibility(page, 'forced password change');
  await page.getByLabel('Current password').fill('one-time-tui-song');
  await page.locator('#pw-new').fill('password123');
  await page.getByLabel('New password again').fill('password123');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#err-new_password').waitFor();
  assert.ok(page.url().endsWith('/account/password'));
  const chosen = 'kahikatea-river-bend';
  await page.getByLabel('Current password').fill('one-time-tui-song');
  await page.locator('#pw-new').fill(chosen);
  await page.getByLabel('New password again').fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('.flash', { hasText: 'Changed your password' }).waitFor();

  // Then on the account page, as anyone changes their own: a wrong current
  // password is said next to its field.
  await page.goto(`${base}/account`);
  await page.getByLabel('Current password').fill('not-my-password');
  await page.locator('#pw-new').fill('matai-totara-rimu');
  await page.getByLabel('New password again').fill('matai-totara-rimu');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#err-current_password').waitFor();
  await shoot(page, 'password-wrong-current');
  await checkAccessibility(page, 'wrong current password');
  await page.goto(`${base}/account`);
  await page.getByLabel('Current password').fill(chosen);
  await page.locator('#pw-new').fill('matai-totara-rimu');
  await page.getByLabel('New password again').fill('matai-totara-rimu');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('.flash', { hasText: 'Changed your password' }).waitFor();
  assert.ok(page.url().endsWith('/account'), page.url());
  await shoot(page, 'account-password-changed');
  await checkAccessibility(page, 'account after a password change');
  await context.close();
});
