#!/usr/bin/env node
// Opens a notebook in a running JupyterLab or Notebook 7 with headless Chromium, runs all its
// cells from the Run menu as a user would, waits (bounded) until the kernel is idle, and writes
// what the page shows (each code cell's prompt, input and outputs) as JSON. The Java ITs start
// the server, call this script and assert on the JSON. Never downloads a browser.
//
// Usage: node run-notebook.js --base URL --token T --notebook PATH --ui lab|notebook
//          --result OUT.json --screenshot OUT.png [--focus TEXT] [--timeout SECONDS]
//          [--kernel DISPLAY_NAME]   (default: Java (parallel); waited for before running)
//          [--profile DIR]           (an empty directory for Chromium's profile; default: a new one)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const opts = { ui: 'lab', timeout: 300, focus: null, kernel: 'Java (parallel)' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in { base: 1, token: 1, notebook: 1, ui: 1, result: 1, screenshot: 1, focus: 1, timeout: 1, kernel: 1, profile: 1 })) {
      throw new Error(`unknown option ${argv[i]}`);
    }
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    opts[name] = argv[i + 1];
  }
  for (const required of ['base', 'token', 'notebook', 'result', 'screenshot']) {
    if (!opts[required]) throw new Error(`--${required} is required`);
  }
  if (opts.ui !== 'lab' && opts.ui !== 'notebook') throw new Error(`--ui must be lab or notebook, not ${opts.ui}`);
  opts.timeout = Number(opts.timeout);
  return opts;
}

// Milliseconds left before the overall deadline (never below 1, so waits stay bounded).
function remaining(deadline) {
  return Math.max(1, deadline - Date.now());
}

function notebookUrl(opts) {
  const file = opts.notebook.split('/').map(encodeURIComponent).join('/');
  const token = `token=${encodeURIComponent(opts.token)}`;
  const base = opts.base.replace(/\/$/, '');
  // Lab reopens the tabs of its saved workspace; ?reset starts from an empty one.
  return opts.ui === 'lab' ? `${base}/lab/tree/${file}?reset&${token}` : `${base}/notebooks/${file}?${token}`;
}

// The state the page shows, read in the page: prompts, inputs, outputs of every code cell.
function readCells() {
  const text = (el) => (el ? el.textContent : '');
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return Array.from(panel ? panel.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell') : []).map((cell, index) => {
    const lines = Array.from(cell.querySelectorAll('.jp-InputArea-editor .cm-line')).map((l) => l.textContent);
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-child')).map((child) => {
      const out = child.querySelector('.jp-OutputArea-output');
      const mime = out ? out.getAttribute('data-mime-type') || '' : '';
      return {
        prompt: text(child.querySelector('.jp-OutputPrompt')).trim(),
        mime,
        text: text(out),
        html: mime === 'text/html' && out ? out.innerHTML.slice(0, 4000) : null,
        // what each image shows: the start of its source and its decoded size (0 when it did not decode)
        images: Array.from(out ? out.querySelectorAll('img') : []).map((img) => ({
          src: (img.getAttribute('src') || '').slice(0, 40), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
        })),
      };
    });
    return { index, prompt: text(cell.querySelector('.jp-InputPrompt')).trim(), input: lines.join('\n'), outputs };
  });
}

function kernelState() {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const name = panel.querySelector('.jp-Toolbar-kernelName, .jp-KernelName');
  return {
    status: indicator ? indicator.getAttribute('data-status') : null,
    kernel: name ? name.textContent.trim() : null,
    // Lab's current tab label, else Notebook 7's title; document.title is cut short in Lab.
    title: (document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel')
      || document.querySelector('#jp-title') || { textContent: document.title }).textContent.trim(),
  };
}

async function clickMenu(page, menu, item, deadline) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${menu}$`) }).click({ timeout: remaining(deadline) });
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click({ timeout: remaining(deadline) });
}

// Waits (bounded) until every image in the notebook's outputs has decoded or failed to.
async function decodeImages(page, deadline) {
  await page.evaluate((ms) => Promise.race([
    Promise.all(Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img'))
      .map((img) => img.decode().catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, ms)),
  ]), Math.min(10000, remaining(deadline)));
}

// Waits until the kernel is idle, no cell is queued or running ([*]) and at least one cell ran,
// on two polls in a row (so a state between two cells does not count).
async function waitUntilDone(page, deadline) {
  let stable = 0;
  for (let polls = 0; Date.now() < deadline && polls < 100000; polls++) {
    const state = await page.evaluate(() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
      const prompts = Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'))
        .map((p) => p.textContent.trim());
      const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
      return { prompts, status: indicator ? indicator.getAttribute('data-status') : null };
    });
    const running = state.prompts.some((p) => p.includes('*'));
    const ran = state.prompts.some((p) => /\[\d+\]/.test(p));
    const idle = state.status === null || state.status === 'idle';
    stable = !running && ran && idle ? stable + 1 : 0;
    if (stable >= 2) return;
    await page.waitForTimeout(500);
  }
  throw new Error('timed out waiting for the cells to finish (a prompt still shows [*] or the kernel is busy)');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + opts.timeout * 1000;
  const executablePath = process.env.JPARALLEL_CHROMIUM || '/usr/bin/chromium';
  const ownProfile = !opts.profile;
  const userDataDir = opts.profile || fs.mkdtempSync(path.join(os.tmpdir(), 'jparallel-chromium-'));
  const result = { url: notebookUrl(opts).replace(/token=[^&]*/, 'token=...'), ui: opts.ui, consoleErrors: [], cells: [] };
  let context = null;
  let failure = null;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 1300 },
      timeout: remaining(deadline),
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
    await page.goto(notebookUrl(opts), { timeout: remaining(deadline) });
    await page.locator('.jp-NotebookPanel .jp-Notebook .jp-Cell').first().waitFor({ timeout: remaining(deadline) });
    // The kernel named in the notebook's metadata starts by itself; wait until it is ready.
    await page.waitForFunction((kernel) => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
      const name = panel && panel.querySelector('.jp-Toolbar-kernelName, .jp-KernelName');
      return indicator && indicator.getAttribute('data-status') === 'idle' && name && name.textContent.trim() === kernel;
    }, opts.kernel, { timeout: remaining(deadline), polling: 250 });
    result.kernelBefore = await page.evaluate(kernelState);
    await clickMenu(page, 'Run', 'Run All Cells', deadline);
    await waitUntilDone(page, deadline);
    result.kernelAfter = await page.evaluate(kernelState);
    await decodeImages(page, deadline);
    result.cells = await page.evaluate(readCells);
    if (opts.ui === 'lab' && (await page.locator('#jp-left-stack').isVisible())) {
      // More room for the notebook in the screenshot: fold the file browser (Accel B).
      await page.keyboard.press('Control+b');
      await page.locator('#jp-left-stack').waitFor({ state: 'hidden', timeout: remaining(deadline) });
    }
    if (opts.focus) {
      const target = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output', { hasText: opts.focus }).first();
      if (await target.count()) await target.scrollIntoViewIfNeeded({ timeout: remaining(deadline) });
    }
    await page.screenshot({ path: opts.screenshot, timeout: remaining(deadline) });
  } catch (e) {
    failure = e;
    result.error = String(e && e.message ? e.message : e);
    if (context && context.pages()[0]) {
      const page = context.pages()[0];
      try { result.cells = await page.evaluate(readCells); } catch (ignored) { /* page gone */ }
      try { await page.screenshot({ path: opts.screenshot, timeout: 10000 }); } catch (ignored) { /* page gone */ }
    }
  } finally {
    fs.writeFileSync(opts.result, JSON.stringify(result, null, 2));
    if (context) await context.close().catch(() => {});
    if (ownProfile) fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (failure) {
    console.error(`run-notebook: ${result.error}`);
    process.exit(1);
  }
}

// A last guard: whatever hangs, the process ends (the caller also bounds it and kills the tree).
const hardStop = setTimeout(() => { console.error('run-notebook: overall time limit reached'); process.exit(3); },
  (Number(process.argv[process.argv.indexOf('--timeout') + 1]) || 300) * 1000 + 30000);
hardStop.unref();

main().catch((e) => { console.error(`run-notebook: ${e.message}`); process.exit(2); });
