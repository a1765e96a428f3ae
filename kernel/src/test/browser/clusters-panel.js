#!/usr/bin/env node
// Drives the "Java clusters" side panel in a running JupyterLab with headless Chromium, as a
// user would, and writes what the panel showed as JSON; ClustersPanelIT asserts on it. Never
// downloads a browser.
//
// Usage: node clusters-panel.js --base URL --token T --phase start|stop|notebook7 --result OUT.json
//          --screenshot OUT.png --jpcluster PATH [--timeout SECONDS] [--profile DIR]
//
// Phase "start": open the panel, see the profiles, set 2 engines on example-shas, press Start,
//   wait until the panel says running with engines 0 and 1, take screenshots, close the page.
// Phase "stop" (a new page): see example-shas still running; a cluster started and stopped with
//   `jpcluster` in a terminal shows up and goes without a reload; press Stop on example-shas and
//   see it stopped; Start on bad-slots (mpirun cannot start 2 ranks), a broken profile file and
//   a start of a missing profile show their sentences; Connect code without a notebook says to
//   open one.
// Phase "notebook7" (a Notebook 7 server): open a notebook, View > Left Sidebar > Java clusters,
//   see the profiles.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const opts = { timeout: 300 };
  const known = { base: 1, token: 1, phase: 1, result: 1, screenshot: 1, jpcluster: 1, timeout: 1, profile: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in known)) throw new Error(`unknown option ${argv[i]}`);
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    opts[name] = argv[i + 1];
  }
  for (const required of ['base', 'token', 'phase', 'result', 'screenshot', 'jpcluster']) {
    if (!opts[required]) throw new Error(`--${required} is required`);
  }
  if (!['start', 'stop', 'notebook7'].includes(opts.phase)) throw new Error(`--phase must be start, stop or notebook7, not ${opts.phase}`);
  opts.timeout = Number(opts.timeout);
  return opts;
}

const row = (profile) => `.jp-JParallel-profile[data-profile="${profile}"]`;

// What one profile's row shows.
async function readRow(page, profile) {
  return page.$eval(row(profile), (el) => {
    const t = (sel) => (el.querySelector(sel) ? el.querySelector(sel).textContent : '');
    const button = (a) => el.querySelector(`button[data-action="${a}"]`);
    return {
      profile: el.dataset.profile,
      where: t('.jp-JParallel-where'),
      state: t('.jp-JParallel-state'),
      owner: t('.jp-JParallel-owner'),
      uptime: t('.jp-JParallel-uptime'),
      error: t('.jp-JParallel-error'),
      engines: el.querySelector('input.jp-JParallel-engines').value,
      startEnabled: !button('start').disabled,
      stopEnabled: !button('stop').disabled,
    };
  });
}

async function readRows(page) {
  const names = await page.$$eval('.jp-JParallel-profile', (els) => els.map((e) => e.dataset.profile));
  const rows = [];
  for (const n of names) rows.push(await readRow(page, n));
  return rows;
}

// Waits (bounded) until the row's state line matches; returns the row, or throws naming what it showed.
async function awaitState(page, profile, pattern, ms) {
  try {
    await page.waitForFunction(([sel, src]) => {
      const el = document.querySelector(sel);
      const s = el && el.querySelector('.jp-JParallel-state');
      return s && new RegExp(src).test(s.textContent);
    }, [row(profile), pattern.source], { timeout: ms, polling: 50 });
  } catch (e) {
    const shown = await readRow(page, profile).catch(() => null);
    throw new Error(`the panel did not show ${profile} matching ${pattern} within ${ms} ms; it shows ${JSON.stringify(shown)}`);
  }
  return readRow(page, profile);
}

async function awaitError(page, profile, ms) {
  try {
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      const e = el && el.querySelector('.jp-JParallel-error');
      return e && e.textContent.trim().length > 0;
    }, row(profile), { timeout: ms, polling: 50 });
  } catch (e) {
    const shown = await readRow(page, profile).catch(() => null);
    throw new Error(`the panel showed no error for ${profile} within ${ms} ms; it shows ${JSON.stringify(shown)}`);
  }
  return readRow(page, profile);
}

// Runs jpcluster as a terminal user would (bounded); resolves with its exit code and output.
function jpcluster(opts, args) {
  return new Promise((resolve) => {
    execFile(opts.jpcluster, args, { timeout: 180000, env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr, endedAt: Date.now() });
    });
  });
}

// Records every text the profile's state line shows, in the page, as it changes.
async function recordStates(page, profile) {
  await page.evaluate((sel) => {
    window.__jparallelSeen = window.__jparallelSeen || {};
    const seen = [];
    const state = document.querySelector(sel).querySelector('.jp-JParallel-state');
    window.__jparallelSeen[sel] = seen;
    seen.push(state.textContent);
    new MutationObserver(() => {
      if (seen[seen.length - 1] !== state.textContent) seen.push(state.textContent);
    }).observe(state, { childList: true, characterData: true, subtree: true });
  }, row(profile));
}

async function seenStates(page, profile) {
  return page.evaluate((sel) => window.__jparallelSeen[sel], row(profile));
}

async function openPanel(page, opts, deadline, notebook) {
  const base = opts.base.replace(/\/$/, '');
  const where = notebook ? `/lab/tree/${encodeURIComponent(notebook)}` : '/lab';
  await page.goto(`${base}${where}?reset&token=${encodeURIComponent(opts.token)}`, { timeout: Math.max(1, deadline - Date.now()) });
  const tab = page.locator('.lm-TabBar-tab[data-id="jparallel-clusters"]');
  await tab.waitFor({ timeout: 120000 });
  await tab.click();
  await page.waitForSelector(row('example-shas'), { timeout: 60000 });
}

async function phaseStart(page, opts, out, deadline) {
  await openPanel(page, opts, deadline);
  out.tabIcon = await page.$eval('.lm-TabBar-tab[data-id="jparallel-clusters"] svg image', (i) => i.getAttribute('href'))
    .catch(() => null);
  out.header = await page.$eval('.jp-JParallel-header', (h) => ({ text: h.textContent, logo: h.querySelector('img').naturalWidth }));
  out.before = await readRows(page);
  await page.click(`${row('default')} button[data-action="connect"]`);
  out.connectWithoutNotebook = await readRow(page, 'default');
  await recordStates(page, 'example-shas');
  await page.fill(`${row('example-shas')} input.jp-JParallel-engines`, '2');
  const pressed = Date.now();
  await page.click(`${row('example-shas')} button[data-action="start"]`);
  out.running = await awaitState(page, 'example-shas', /^running: engines 0, 1 on /, 120000);
  out.startSeconds = (Date.now() - pressed) / 1000;
  // Stop is offered once jpcluster start has returned (one action at a time per profile)
  await page.waitForSelector(`${row('example-shas')} button[data-action="stop"]:not([disabled])`, { timeout: 60000 });
  out.running = await readRow(page, 'example-shas');
  await page.waitForTimeout(1500); // the uptime ticks on its own
  out.later = await readRow(page, 'example-shas');
  out.seen = await seenStates(page, 'example-shas');
  await page.locator('#jparallel-clusters').screenshot({ path: opts.screenshot.replace(/\.png$/, '-panel.png') });
  await page.screenshot({ path: opts.screenshot });
}

// The code cells of the open notebook: input and output texts.
function readCells() {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return Array.from(panel ? panel.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell') : []).map((cell) => ({
    input: Array.from(cell.querySelectorAll('.jp-InputArea-editor .cm-line')).map((l) => l.textContent).join('\n'),
    output: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map((o) => o.textContent).join(''),
  }));
}

// Runs the active cell from the notebook's toolbar and waits (bounded) until its output contains the text.
async function runActiveCell(page, expect, ms) {
  const index = await page.evaluate(() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')).findIndex((c) => c.classList.contains('jp-mod-active')));
  await page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar [data-command="notebook:run-cell-and-select-next"]');
  try {
    await page.waitForFunction(([i, text]) => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      const area = cells[i] && cells[i].querySelector('.jp-OutputArea');
      return area && area.textContent.includes(text);
    }, [index, expect], { timeout: ms, polling: 100 });
  } catch (e) {
    throw new Error(`cell ${index} did not show '${expect}' within ${ms} ms; the notebook shows ${JSON.stringify(await page.evaluate(readCells))}`);
  }
  return (await page.evaluate(readCells))[index];
}

async function phaseStop(page, opts, out, deadline) {
  await openPanel(page, opts, deadline, 'connect.ipynb');
  out.reopened = await awaitState(page, 'example-shas', /^running: /, 30000);
  await page.waitForSelector(`${row('example-shas')} button[data-action="stop"]:not([disabled])`, { timeout: 30000 });

  // Connect code goes into the open notebook, and attaches it to the panel's cluster.
  await page.waitForFunction(() => {
    const k = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    return k && k.getAttribute('data-status') === 'idle';
  }, null, { timeout: 120000 });
  await page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-InputArea-editor'); // where the code should go
  await page.click(`${row('example-shas')} button[data-action="connect"]`);
  out.connectCell = await runActiveCell(page, 'IDs: [', 120000);

  // A cluster started in a terminal appears without a reload; stopping it there shows too.
  const started = await jpcluster(opts, ['start', '--profile', 'cli-made']);
  out.cliStart = { code: started.code, stderr: started.stderr };
  out.cliRunning = await awaitState(page, 'cli-made', /^running: /, 30000);
  out.cliRunningMs = Date.now() - started.endedAt;
  const stopped = await jpcluster(opts, ['stop', '--profile', 'cli-made']);
  out.cliStop = { code: stopped.code, stderr: stopped.stderr };
  out.cliStopped = await awaitState(page, 'cli-made', /^stopped$/, 30000);
  out.cliStoppedMs = Date.now() - stopped.endedAt;

  await recordStates(page, 'example-shas');
  await page.click(`${row('example-shas')} button[data-action="stop"]`);
  out.stopped = await awaitState(page, 'example-shas', /^stopped$/, 60000);
  out.stopSeen = await seenStates(page, 'example-shas');
  // The notebook's next %px finds no cluster.
  await page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-mod-active .jp-InputArea-editor');
  await page.keyboard.type('%px System.out.println("still there")');
  out.pxAfterStop = await runActiveCell(page, 'no ', 60000);

  await page.fill(`${row('bad-slots')} input.jp-JParallel-engines`, '2');
  await page.click(`${row('bad-slots')} button[data-action="start"]`);
  out.badSlots = await awaitError(page, 'bad-slots', 90000);
  out.badSlots = await awaitState(page, 'bad-slots', /^(failed|stopped)/, 30000);

  // A broken profile file: its row says what is wrong and offers no Start.
  out.broken = await readRow(page, 'broken');

  // A stop for a profile with no cluster (asked for by another client, or already gone): the
  // server's answer reaches the panel as jpcluster's sentence.
  out.missingPost = await page.evaluate(async ([base, token]) => {
    const r = await fetch(`${base}/jparallel/clusters/no-such-profile`, {
      method: 'POST', headers: { Authorization: `token ${token}` }, body: JSON.stringify({ action: 'stop' }),
    });
    return r.status;
  }, [opts.base.replace(/\/$/, ''), opts.token]);
  await page.waitForSelector(row('no-such-profile'), { timeout: 30000 });
  out.missing = await awaitError(page, 'no-such-profile', 60000);

  await page.locator('#jparallel-clusters').screenshot({ path: opts.screenshot.replace(/\.png$/, '-panel.png') });
  await page.screenshot({ path: opts.screenshot });
}

async function phaseNotebook7(page, opts, out, deadline) {
  const base = opts.base.replace(/\/$/, '');
  await page.goto(`${base}/notebooks/connect.ipynb?token=${encodeURIComponent(opts.token)}`, { timeout: Math.max(1, deadline - Date.now()) });
  await page.locator('.lm-MenuBar-itemLabel:text-is("View")').click({ timeout: 120000 });
  await page.locator('.lm-Menu-item:has-text("Left Sidebar")').hover();
  await page.locator('.lm-Menu-item:has-text("Java clusters")').click({ timeout: 30000 });
  await page.waitForSelector(row('example-shas'), { timeout: 60000 });
  await awaitState(page, 'example-shas', /^stopped$/, 30000);
  out.header = await page.$eval('.jp-JParallel-header', (h) => ({ text: h.textContent, logo: h.querySelector('img').naturalWidth }));
  out.before = await readRows(page);
  await page.screenshot({ path: opts.screenshot });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + opts.timeout * 1000;
  const out = { phase: opts.phase, error: null, consoleErrors: [] };
  const executablePath = process.env.JPARALLEL_CHROMIUM || '/usr/bin/chromium';
  const profile = opts.profile || fs.mkdtempSync(path.join(os.tmpdir(), 'jparallel-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
  });
  const timer = setTimeout(() => {
    out.error = `the phase did not finish within ${opts.timeout} s`;
    fs.writeFileSync(opts.result, JSON.stringify(out, null, 2));
    process.exit(2);
  }, opts.timeout * 1000);
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
    if (opts.phase === 'start') await phaseStart(page, opts, out, deadline);
    else if (opts.phase === 'stop') await phaseStop(page, opts, out, deadline);
    else await phaseNotebook7(page, opts, out, deadline);
  } catch (e) {
    out.error = e.message;
    try {
      await context.pages()[0].screenshot({ path: opts.screenshot });
    } catch (ignored) {
      // the page is gone: the error says why
    }
  } finally {
    clearTimeout(timer);
    await context.close();
  }
  fs.writeFileSync(opts.result, JSON.stringify(out, null, 2));
  process.exit(out.error ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(3);
});
