// What the browser tests share: a fresh `capa demo` on a free port (as of
// CAPA_DEMO_NOW when set, never today), Debian's Chromium, the axe check and
// the desktop/phone screenshots in target/screenshots/. Not a test file itself
// (node --test runs only *.test.mjs).

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
export const shots = join(root, 'target', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/// Starts the demo (its own folder, named after the suite) and Chromium;
/// resolves to { server, browser, base, work } once the demo listens.
export async function startDemo(name, password) {
  mkdirSync(shots, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `capa-${name}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ['demo', '--bind', `127.0.0.1:${port}`, '--password', password];
  if (process.env.CAPA_DEMO_NOW) args.push('--now', process.env.CAPA_DEMO_NOW);
  const server = spawn(bin, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`capa demo did not start: ${out}`)), 60000);
    server.stdout.on('data', (d) => { out += d; if (out.includes('Stop with Ctrl-C')) { clearTimeout(timer); resolve(); } });
    server.on('exit', (code) => reject(new Error(`capa demo exited with ${code}: ${out}`)));
    server.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { server, browser, base, work };
}

/// Closes what startDemo started.
export async function stopDemo({ server, browser, work } = {}) {
  await browser?.close();
  server?.kill('SIGINT');
  if (work) rmSync(work, { recursive: true, force: true });
}

/// No serious or critical axe violation on the page as it stands.
export async function checkAccessibility(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`), [], `axe on ${name}`);
}

/// Screenshots at desktop and phone width; at 390 px no page is wider than the screen.
export async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
  const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(fit.scroll <= fit.width + 1, `${name} at ${fit.width} px is ${fit.scroll} px wide`);
  await page.setViewportSize(DESKTOP);
}
