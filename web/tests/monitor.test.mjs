// The quarter monitor in headless Chromium, as a team lead new to it uses it:
// open the demo team's monitor, see the flags and each clinician's line,
// switch quarters in place (htmx), drill into a clinician's offers, work out
// and apply the what-if for a leaver; then, as the clinician, see their own
// line marked. After each htmx swap the monitor's structure is checked (one
// monitor in main, the table's rows, every chart an image with a title and a
// description); axe runs on every page; screenshots at 1366 and 390 px land
// in target/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DESKTOP, PHONE, shots, startDemo, stopDemo, checkAccessibility, shoot } from './support.mjs';

const PASSWORD = 'capa-monitor-test';

let server, browser, base, work;

before(async () => {
  ({ server, browser, base, work } = await startDemo('monitor', PASSWORD));
});

after(async () => {
  await stopDemo({ server, browser, work });
});

// The monitor's structure: one #monitor in main; the table with a row per
// clinician (a link each) and the team's line; the four quarters; three
// charts, each an image with a title and a description; nothing stray in a
// table row.
async function checkMonitor(page, quarter) {
  const s = await page.evaluate(() => ({
    monitors: document.querySelectorAll('#monitor').length,
    inMain: !!document.querySelector('main > #monitor'),
    heading: document.querySelector('#monitor h1')?.textContent || '',
    rows: document.querySelectorAll('#monitor-table tbody tr').length,
    // The clinician's link; a leaver's row also links to their what-if (.small).
    links: document.querySelectorAll('#monitor-table tbody tr th a[href*="/monitor/clinicians/"]:not(.small)').length,
    foot: document.querySelector('#monitor-table tfoot th')?.textContent || '',
    trends: document.querySelectorAll('#monitor-trends tbody tr').length,
    charts: [...document.querySelectorAll('#monitor figure.chart svg')].map((svg) => ({
      role: svg.getAttribute('role'),
      title: (svg.querySelector(':scope > title')?.textContent || '').length,
      desc: (svg.querySelector(':scope > desc')?.textContent || '').length,
    })),
    strays: document.querySelectorAll('#monitor tr > :not(td):not(th)').length,
    selects: document.querySelectorAll('#monitor-quarter').length,
  }));
  assert.equal(s.monitors, 1, 'one monitor');
  assert.ok(s.inMain, 'the monitor sits in main');
  if (quarter) assert.ok(s.heading.includes(quarter), `heading ${s.heading} names ${quarter}`);
  assert.ok(s.rows >= 10, `a row per clinician: ${s.rows}`);
  assert.equal(s.links, s.rows, 'each row links to its clinician');
  assert.equal(s.foot, 'Team');
  assert.equal(s.trends, 4, 'four quarters of trends');
  assert.equal(s.charts.length, 3, 'three charts');
  for (const c of s.charts) assert.ok(c.role === 'img' && c.title > 0 && c.desc >= 10, JSON.stringify(c));
  assert.equal(s.strays, 0);
  assert.equal(s.selects, 1, 'one quarter select');
}

async function logIn(username) {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'en-NZ' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
  return { context, page };
}

test('a team lead monitors the demo team, drills into a clinician and applies the what-if', async () => {
  const { context, page } = await logIn('lead');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Monitor' }).click();
  await page.waitForSelector('#monitor');
  await checkMonitor(page);
  const thisQuarter = await page.locator('.quarter-steps a[aria-current="page"]').textContent();
  assert.match(thisQuarter, /This quarter/);
  await checkAccessibility(page, 'monitor');
  await shoot(page, 'monitor');

  // Flags: look back a quarter and ahead one, in place, until one shows.
  const quarters = await page.locator('#monitor-quarter option').evaluateAll((os) => os.map((o) => o.value));
  let flagged = await page.locator('#monitor-flags [data-flag]').count();
  for (const q of quarters) {
    if (flagged > 0) break;
    const swapped = page.waitForResponse((r) => r.url().includes(`quarter=${q}`) && r.request().headers()['hx-request'] === 'true');
    await page.locator('#monitor-quarter').selectOption(q);
    await swapped;
    await page.waitForFunction((key) => location.search.includes(key), q);
    await checkMonitor(page);
    flagged = await page.locator('#monitor-flags [data-flag]').count();
  }
  assert.ok(flagged > 0, 'some quarter of the demo shows a flag');
  const reason = await page.locator('#monitor-flags [data-flag]').first().textContent();
  assert.ok(reason.length > 20, `a flag says why: ${reason}`);
  await checkAccessibility(page, 'monitor with flags');
  await shoot(page, 'monitor-flags');

  // Back to this quarter through the steps, in place.
  const back = page.waitForResponse((r) => r.request().headers()['hx-request'] === 'true');
  await page.locator('.quarter-steps a', { hasText: 'This quarter' }).click();
  await back;
  await checkMonitor(page);

  // Drill into TR's offers.
  await Promise.all([
    page.waitForNavigation(),
    page.locator('#monitor-table tbody th a', { hasText: 'TR Tui Rangi' }).click(),
  ]);
  assert.match(await page.locator('h1').textContent(), /TR Tui Rangi/);
  assert.equal(await page.locator('#clinician-line dl.pairs > div').count(), 11);
  const offers = await page.locator('#clinician-offers tbody tr').count();
  const none = await page.getByText('No offers in this quarter.').count();
  assert.ok(offers > 0 || none === 1, 'the offers, or why there are none');
  await checkAccessibility(page, 'monitor clinician');
  await shoot(page, 'monitor-clinician');

  // The what-if: TR leaves a month into next quarter.
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /What if TR Tui Rangi leaves/ }).click()]);
  const next = await page.locator('#wi-quarter option:checked').getAttribute('value');
  const start = await page.locator('#wi-quarter option:checked').textContent();
  const [, d, m, y] = start.match(/from (\d\d)\/(\d\d)\/(\d{4})/);
  const lastDay = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + 30)).toISOString().slice(0, 10);
  await page.getByLabel('Leaving the team').check();
  await page.getByLabel('Last day').fill(lastDay);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Work it out' }).click()]);
  assert.ok(page.url().includes(`quarter=${next}`));
  await page.waitForSelector('#what-if-proposal');
  assert.match(await page.locator('#what-if-proposal').textContent(), /new Partnerships in/);
  assert.ok(await page.locator('#what-if-targets tbody tr').count() >= 2, 'TR and who takes the Core sessions');
  assert.match(await page.locator('#what-if-targets').textContent(), /→/);
  await checkAccessibility(page, 'what-if');
  await shoot(page, 'monitor-what-if');
  await page.getByLabel(/Save these job plan versions/).check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Apply the what-if' }).click()]);
  assert.match(await page.locator('.flash').textContent(), /Applied the what-if for TR: TR version \d+/);
  await page.waitForSelector('#monitor');
  await checkMonitor(page);
  await context.close();
});

test('a clinician sees their own line first and marked', async () => {
  const { context, page } = await logIn('clinician');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Monitor' }).click();
  await page.waitForSelector('#monitor');
  await checkMonitor(page);
  assert.match(await page.locator('#own-h').textContent(), /Your line: TR Tui Rangi/);
  const mine = await page.locator('#monitor-table tbody tr.mine th').textContent();
  assert.match(mine, /TR Tui Rangi/);
  assert.match(mine, /you/);
  assert.equal(await page.locator('#monitor-table tbody tr.mine').count(), 1);
  await checkAccessibility(page, 'monitor as a clinician');
  await shoot(page, 'monitor-clinician-own');
  await context.close();
});
