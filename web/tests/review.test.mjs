// The quarterly review pack in headless Chromium, as a team lead goes
// through it at a team meeting: open the demo team's pack, see who is behind
// and why, record the actions agreed for TR, mark the review done, download
// the XLSX and the CSV, print it on A4. After each htmx swap the page's
// structure is checked (one note form per clinician, in its place; one
// review mark, its form gone once done); screenshots at 1366 and 390 px and
// the print media land in target/screenshots/, and axe checks each state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE, shots, startDemo, stopDemo, checkAccessibility, shoot } from './support.mjs';

const PASSWORD = 'capa-review-test';

let server, browser, base, work;

before(async () => {
  ({ server, browser, base, work } = await startDemo('review', PASSWORD));
});

after(async () => {
  await stopDemo({ server, browser, work });
});

// The pack's structure: one h1, its sections in main in order, one note
// per clinician each with one form, one review mark, nothing block-level
// inside a table row.
async function checkPack(page) {
  const s = await page.evaluate(() => ({
    h1: document.querySelectorAll('main h1').length,
    sections: [...document.querySelectorAll('main .review-pack > section')].map((x) => x.getAttribute('aria-labelledby') || x.id),
    notes: [...document.querySelectorAll('.review-notes > .review-note')].map((n) => ({
      id: n.id,
      forms: n.querySelectorAll('form').length,
      nested: n.querySelectorAll('.review-note').length,
      label: !!n.querySelector('textarea') && !!document.querySelector(`label[for="${n.querySelector('textarea').id}"]`),
    })),
    done: document.querySelectorAll('#review-done').length,
    strays: document.querySelectorAll('.review-pack tr > :not(td):not(th)').length,
    codes: [...document.querySelectorAll('.review-behind .flag-badge')].map((b) => b.dataset.code),
  }));
  assert.equal(s.h1, 1);
  assert.deepEqual(s.sections, ['done-h', 'behind-h', 'lines-h', 'reoffers-h', 'waits-h', 'managed-h', 'actions-h']);
  assert.ok(s.notes.length >= 12, `a note per clinician: ${s.notes.length}`);
  assert.equal(new Set(s.notes.map((n) => n.id)).size, s.notes.length, 'each note once');
  for (const n of s.notes) assert.ok(n.forms === 1 && n.nested === 0 && n.label, `note ${JSON.stringify(n)}`);
  assert.equal(s.done, 1, 'one review mark');
  assert.equal(s.strays, 0);
  return s;
}

test('a team lead goes through the review pack, records an action, marks it done, exports and prints it', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'en-NZ', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('lead');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/review`);
  await page.getByRole('heading', { level: 1, name: /Quarterly review/ }).waitFor();
  let s = await checkPack(page);
  // The demo's new starter has no job plan, and KT published half their offers.
  assert.ok(s.codes.includes('no_job_plan'), `flags shown: ${s.codes}`);
  assert.ok(s.codes.includes('offers_short_at_deadline'), `flags shown: ${s.codes}`);
  await checkAccessibility(page, 'review pack');
  await shoot(page, 'review');

  // The actions agreed for TR, saved in place.
  const note = page.getByLabel(/^TR Tui Rangi: actions agreed/);
  await note.fill('Re-offer the DNA this week; publish two more offers by Friday.');
  await page.getByRole('button', { name: 'Save the actions for TR' }).click();
  await page.getByText('Saved the actions agreed for TR.').waitFor();
  s = await checkPack(page);
  assert.equal(await page.getByLabel(/^TR Tui Rangi: actions agreed/).inputValue(), 'Re-offer the DNA this week; publish two more offers by Friday.');
  assert.equal(new URL(page.url()).pathname, `/teams/${team}/review`, 'saved without leaving the page');
  await checkAccessibility(page, 'review pack, note saved');

  // Marked done: the form gives way to who and when.
  await page.getByRole('button', { name: 'Mark the review done' }).click();
  await page.getByText(/^Done on \d\d\/\d\d\/\d{4} by Fiona Smith/).waitFor();
  s = await checkPack(page);
  assert.equal(await page.locator('#review-done form').count(), 0, 'marked once');
  await checkAccessibility(page, 'review pack, done');
  await shoot(page, 'review-done');

  // Kept: a reload shows the note and the mark.
  await page.reload();
  await checkPack(page);
  assert.match(await page.getByLabel(/^TR Tui Rangi: actions agreed/).inputValue(), /two more offers/);
  assert.equal(await page.getByText(/^Done on /).count(), 1);

  // Exports.
  for (const [name, magic] of [['Download XLSX', 'PK'], ['Download CSV', '\u00ef\u00bb']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), magic, `${name}: ${download.suggestedFilename()}`);
  }

  // On paper: no navigation or forms, the notes as text, A4.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(shots, 'review-print.png'), fullPage: true });
  const printed = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('header.top')).display,
    textareas: [...document.querySelectorAll('.review-note textarea')].filter((t) => getComputedStyle(t).display !== 'none').length,
    buttons: [...document.querySelectorAll('.review-pack button')].filter((b) => getComputedStyle(b).display !== 'none').length,
    note: [...document.querySelectorAll('.review-note .print-only')].find((p) => p.textContent.includes('two more offers')) && getComputedStyle(document.querySelector('.review-note .print-only')).display,
  }));
  assert.deepEqual(printed, { header: 'none', textareas: 0, buttons: 0, note: 'block' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box && Math.abs(Number(box[1]) - 595.92) < 2 && Math.abs(Number(box[2]) - 842.88) < 2, `A4 portrait: ${box && box.slice(1)}`);
  await page.emulateMedia({ media: 'screen' });
  await context.close();
});

test('a clinician reads the pack without its forms', async () => {
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true, locale: 'en-NZ' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('clinician');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
  const team = page.url().match(/\/teams\/(\d+)/)[1];
  await page.goto(`${base}/teams/${team}/review`);
  await page.getByRole('heading', { level: 1, name: /Quarterly review/ }).waitFor();
  assert.equal(await page.locator('.review-pack form').count(), 0, 'nothing to write');
  assert.ok(await page.locator('.review-note h3').count() >= 12);
  const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(fit.scroll <= fit.width + 1, `${fit.scroll} px wide`);
  await checkAccessibility(page, 'review pack as a clinician');
  await context.close();
});
