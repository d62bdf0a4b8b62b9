// End-to-end test of chiiki's web app in a real headless Chromium, against a real `chiiki serve` on
// loopback. Run by scripts/e2e, which starts the server with a fresh database and the users below.
//
//   CHIIKI_URL            the server's base URL, e.g. http://127.0.0.1:18080
//   CHIIKI_E2E_PASSWORDS  JSON {"root": "...", "ada": "...", "bob": "...", "vic": "..."}
//   CHIIKI_CHROMIUM       the browser (default /usr/bin/chromium, Debian's package)
//
// Each step is a list of assertions; the first failure stops the run, names the step, saves a
// screenshot of the page as it was (screenshots/FAILED-<step>.png) and exits 1.

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const BASE = (process.env.CHIIKI_URL || '').replace(/\/+$/, '');
const REGIONS = ['sapporo', 'kagawa', 'fukui', 'kobe'];
// The regions of the data package the server is started with (crates/cli/tests/fixtures/lakeside).
const PACKAGE_REGIONS = ['lake', 'hill', 'port'];
const ALL_REGIONS = [...REGIONS, ...PACKAGE_REGIONS];
const CONDITIONS = 15;

if (!BASE) {
  console.error('run.mjs: set CHIIKI_URL to the server, e.g. http://127.0.0.1:18080 (scripts/e2e does)');
  process.exit(2);
}
let PASSWORDS;
try {
  PASSWORDS = JSON.parse(process.env.CHIIKI_E2E_PASSWORDS || '');
} catch {
  console.error('run.mjs: set CHIIKI_E2E_PASSWORDS to {"root":…,"ada":…,"bob":…,"vic":…} (scripts/e2e does)');
  process.exit(2);
}

// ---- assertions ----

class Failure extends Error {}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

function checkEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: got ${a}, expected ${e}`);
}

// ---- page helpers ----

const pathOf = (page) => new URL(page.url()).pathname;
const queryOf = (page) => new URL(page.url()).searchParams;

async function visit(page, path, status = 200) {
  const response = await page.goto(BASE + path, { waitUntil: 'load' });
  check(response, `GET ${path}: no response`);
  check(response.status() === status, `GET ${path}: status ${response.status()}, expected ${status}`);
  return response;
}

/** Clicks a submit button and waits for the page it leads to; returns the final response. */
async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  check(response, `submitting ${selector}: no response`);
  return response;
}

async function text(page, selector) {
  const el = await page.$(selector);
  check(el, `${pathOf(page)}: no element ${selector}`);
  return (await el.textContent()).replace(/\s+/g, ' ').trim();
}

async function logIn(page, name) {
  await visit(page, '/login');
  await page.fill('#name', name);
  await page.fill('#password', PASSWORDS[name]);
  const response = await submit(page, '#login-submit');
  const err = await page.$('#login-error');
  check(!err, `log-in as ${name} refused: ${err && (await err.textContent())}`);
  check(response.status() === 200, `log-in as ${name}: status ${response.status()}`);
  checkEqual(pathOf(page), '/', `log-in as ${name}: landing page`);
  const who = await text(page, '#current-user');
  check(who.split(' ')[0] === name, `#current-user shows ${JSON.stringify(who)}, expected ${name}`);
}

async function logOut(page) {
  const response = await submit(page, '#logout');
  check(response.status() === 200, `log-out: status ${response.status()}`);
  const still = await page.$('#current-user');
  check(!still, `log-out: #current-user still shown (${still && (await still.textContent())})`);
  check(await page.$('#login-link'), 'log-out: no #login-link');
}

/** Sets the selects and inputs of the assessment form: {s1: '3', p1: '2', k1: '…'}. */
async function fillSheet(page, marks) {
  for (const [field, value] of Object.entries(marks)) {
    if (field.startsWith('k') || field.startsWith('e')) await page.fill(`#${field}`, value);
    else {
      const set = await page.selectOption(`#${field}`, String(value));
      checkEqual(set, [String(value)], `selecting #${field}`);
    }
  }
}

/** Every select (s1…s15, p1…p15) of the assessment form. */
async function sheetValues(page) {
  return page.$$eval('#assess-form select', (all) => Object.fromEntries(all.map((s) => [s.id, s.value])));
}

/** The consensus page: assessors, count, alpha and the table's rows. */
async function consensus(page) {
  const assessors = await page.$$eval('#consensus-table thead th.assessor', (ths) =>
    ths.map((th) => th.firstChild.textContent.trim()),
  );
  const rows = await page.$$eval('#consensus-table tbody tr', (trs) =>
    trs.map((tr) => ({
      condition: Number(tr.dataset.condition),
      disagree: tr.classList.contains('disagree'),
      marks: [...tr.querySelectorAll('td.marks')].map((td) => td.textContent.trim().split('/').map((m) => Number(m))),
    })),
  );
  return {
    assessors,
    count: Number(await text(page, '#assessor-count')),
    alpha: await text(page, '#alpha-value'),
    rows,
  };
}

/** The figure's <svg> is there, drawn at a useful size and not cut off by its box or the window. */
async function checkFigure(page, selector) {
  const svg = await page.$(`${selector} svg`);
  check(svg, `${pathOf(page)}: no ${selector} svg`);
  check(await svg.isVisible(), `${selector} svg is not visible`);
  const box = await svg.boundingBox();
  check(box && box.width >= 100 && box.height >= 50, `${selector} svg is drawn at ${JSON.stringify(box)}`);
  const fit = await page.$eval(selector, (fig) => {
    const s = fig.querySelector('svg').getBoundingClientRect();
    const f = fig.getBoundingClientRect();
    return { svgRight: s.right, figRight: f.right, scroll: fig.scrollWidth, client: fig.clientWidth, win: innerWidth };
  });
  check(fit.svgRight <= fit.figRight + 1 && fit.scroll <= fit.client + 1, `${selector} svg is clipped: ${JSON.stringify(fit)}`);
  check(fit.svgRight <= fit.win + 1, `${selector} svg runs past the window: ${JSON.stringify(fit)}`);
}

/** The fonts Chromium really used for the text of `selector` (CDP), to tell Japanese glyphs from tofu. */
async function fontsOf(page, selector, containing) {
  const marked = await page.$$eval(
    selector,
    (els, containing) => {
      const el = els.find((e) => e.textContent.includes(containing));
      if (el) el.setAttribute('data-e2e-font-probe', '');
      return Boolean(el);
    },
    containing,
  );
  check(marked, `${pathOf(page)}: no ${selector} containing ${JSON.stringify(containing)}`);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-e2e-font-probe]' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => `${f.familyName} (${f.glyphCount})`);
  } finally {
    await page.$$eval('[data-e2e-font-probe]', (els) => els.forEach((e) => e.removeAttribute('data-e2e-font-probe')));
    await cdp.detach();
  }
}

function checkCjkFont(fonts, what) {
  check(
    fonts.some((f) => /CJK|Noto Sans JP|Noto Serif JP|IPA|Takao|VL Gothic|Droid Sans Fallback|WenQuanYi/i.test(f)),
    `${what}: no Japanese font rendered it (tofu?): ${fonts.join(', ')}`,
  );
}

async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// ---- the run ----

const steps = [];
const step = (id, title, fn) => steps.push({ id, title, fn });
const state = {}; // values carried between steps
const pageErrors = [];

const profile = mkdtempSync(join(tmpdir(), 'chiiki-e2e-profile-'));
mkdirSync(SHOTS, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHIIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 800 },
  locale: 'en-GB',
  timezoneId: 'Asia/Tokyo',
  acceptDownloads: true,
});
context.setDefaultTimeout(20_000);
context.setDefaultNavigationTimeout(60_000);
context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
if (process.env.CHIIKI_E2E_TRACE) {
  // Every request and response of the main tab, to follow a failing step's navigations.
  page.on('request', (r) => console.log(`     > ${r.method()} ${r.url()}`));
  page.on('response', (r) => console.log(`     < ${r.status()} ${r.url()}`));
}
const version = context.browser()?.version() ?? '';

step('a', 'overview shows the heat map, the map and the regions table', async () => {
  await visit(page, '/');
  await checkFigure(page, '#heatmap');
  const cells = await page.$$eval('#heatmap svg rect.strength', (rs) =>
    rs.map((r) => `${r.getAttribute('data-region')}:${r.getAttribute('data-condition')}`),
  );
  checkEqual(cells.length, REGIONS.length * CONDITIONS, 'number of #heatmap rect.strength (4 regions × 15 conditions)');
  checkEqual(new Set(cells).size, cells.length, 'distinct (region, condition) cells of the heat map');
  checkEqual([...new Set(cells.map((c) => c.split(':')[0]))].sort(), [...REGIONS].sort(), 'regions of the heat map');
  await checkFigure(page, '#map');
  const places = await page.$$eval('#map svg g.place', (gs) => gs.map((g) => g.getAttribute('data-region')));
  checkEqual([...places].sort(), [...ALL_REGIONS].sort(), 'regions of #map g.place');
  const rows = await page.$$eval('#regions tbody tr', (trs) => trs.map((tr) => tr.dataset.region));
  checkEqual(rows, ALL_REGIONS, 'rows of #regions (published first, then the package\'s)');
  const lake = await text(page, '#regions tr[data-region="lake"]');
  check(/not yet/.test(lake), `#regions row of lake does not say it is unpublished: ${lake}`);
  const kobe = await text(page, '#regions tr[data-region="kobe"]');
  check(/v1 ·/.test(kobe), `#regions row of kobe shows no published version 1: ${kobe}`);
  check(!(await page.$('#current-user')), 'a visitor who did not log in is shown as logged in');
});

step('b', 'log in as assessor ada', async () => {
  await logIn(page, 'ada');
  checkEqual(queryOf(page).get('m'), 'logged_in', 'flash parameter after log-in');
  checkEqual(await text(page, '.flash'), 'Logged in.', 'flash after log-in');
  checkEqual(await text(page, '#current-user'), 'ada (assessor)', '#current-user');
});

step('c', 'ada assesses kobe and lands on the consensus with 2 assessors', async () => {
  await visit(page, '/regions/kobe');
  check(await page.$('#assess-link'), 'the kobe page offers an assessor no #assess-link');
  await Promise.all([page.waitForNavigation(), page.click('#assess-link')]);
  checkEqual(pathOf(page), '/regions/kobe/assess', 'page after clicking #assess-link');
  const before = await sheetValues(page);
  checkEqual(Object.keys(before).length, 2 * CONDITIONS, 'selects in the assessment form');
  check(Object.values(before).every((v) => v === '0'), `a new sheet is not blank: ${JSON.stringify(before)}`);
  await fillSheet(page, { s1: 3, p1: 2, k1: 'university spin-offs' });
  const response = await submit(page, '#save');
  checkEqual(response.status(), 200, 'status after saving');
  checkEqual(pathOf(page), '/regions/kobe/consensus', 'page after saving');
  checkEqual(queryOf(page).get('m'), 'saved', 'flash parameter after saving');
  checkEqual(await text(page, '.flash'), 'Your marks were saved.', 'flash after saving');
  const c = await consensus(page);
  checkEqual(c.count, 2, '#assessor-count');
  checkEqual([...c.assessors].sort(), ['ada', 'nistep-2004'], 'assessor columns of #consensus-table');
  check(/^(-?\d+\.\d{3}|undefined)$/.test(c.alpha), `#alpha-value is ${JSON.stringify(c.alpha)}`);
  const row1 = c.rows.find((r) => r.condition === 1);
  checkEqual(row1?.marks[c.assessors.indexOf('ada')], [3, 2], "ada's marks of condition 1 in #consensus-table");
  const kw = await text(page, '#consensus-table tr[data-condition="1"]');
  check(kw.includes('university spin-offs'), `condition 1 of #consensus-table lacks the keywords: ${kw}`);
  state.alphaAfterAda = c.alpha;
  console.log(`     alpha with nistep-2004 and ada: ${c.alpha}`);
});

step('d', 'bob enters different marks: alpha changes, 3 assessors, disagreements flagged', async () => {
  await logOut(page);
  await logIn(page, 'bob');
  await visit(page, '/regions/kobe/assess');
  await fillSheet(page, { s1: 0, p1: 0, s4: 1, p4: 3, k4: 'shipbuilding' });
  const response = await submit(page, '#save');
  checkEqual(response.status(), 200, 'status after saving');
  checkEqual(pathOf(page), '/regions/kobe/consensus', 'page after saving');
  checkEqual(await text(page, '.flash'), 'Your marks were saved.', 'flash after saving');
  const c = await consensus(page);
  checkEqual(c.count, 3, '#assessor-count');
  checkEqual([...c.assessors].sort(), ['ada', 'bob', 'nistep-2004'], 'assessor columns of #consensus-table');
  check(c.alpha !== state.alphaAfterAda, `#alpha-value did not change: ${c.alpha} before and after bob's marks`);
  console.log(`     alpha with nistep-2004, ada and bob: ${c.alpha}`);
  checkEqual(c.rows.length, CONDITIONS, 'rows of #consensus-table');
  for (const r of c.rows) {
    checkEqual(r.marks.length, c.assessors.length, `mark cells of condition ${r.condition}`);
    const spread = (i) => Math.max(...r.marks.map((m) => m[i])) - Math.min(...r.marks.map((m) => m[i]));
    const differ = spread(0) >= 2 || spread(1) >= 2;
    check(r.disagree === differ, `condition ${r.condition}: marks ${JSON.stringify(r.marks)} but class disagree is ${r.disagree}`);
  }
  const row1 = c.rows.find((r) => r.condition === 1);
  check(row1.disagree, `condition 1 (ada 3, bob 0) is not marked disagree: ${JSON.stringify(row1)}`);
  check(await page.$('#consensus-table tr.disagree .flag'), 'a disagree row has no .flag');
});

step('e', 'two tabs of bob: the second save gets 409 and the first marks stay', async () => {
  const first = page;
  const second = await context.newPage();
  try {
    await visit(first, '/regions/kobe/assess');
    await visit(second, '/regions/kobe/assess');
    const v1 = await first.inputValue('#assess-form input[name="version"]');
    const v2 = await second.inputValue('#assess-form input[name="version"]');
    checkEqual(v2, v1, 'version of the form in both tabs');
    await fillSheet(first, { s2: 2, p2: 1, k2: 'first tab' });
    const saved = await submit(first, '#save');
    checkEqual(saved.status(), 200, 'status of the first save');
    checkEqual(pathOf(first), '/regions/kobe/consensus', 'page after the first save');
    await fillSheet(second, { s2: 1, p2: 3, k2: 'second tab' });
    const refused = await submit(second, '#save');
    checkEqual(refused.status(), 409, 'status of the second save');
    const errors = await text(second, '#form-errors');
    check(/version/i.test(errors), `#form-errors does not mention the version: ${errors}`);
    console.log(`     409 message: ${errors}`);
    const kept = await sheetValues(second);
    checkEqual([kept.s2, kept.p2], ['1', '3'], 'the refused form keeps what was typed (s2, p2)');
    const newVersion = await second.inputValue('#assess-form input[name="version"]');
    check(Number(newVersion) > Number(v1), `the refused form is not on the new version: ${newVersion} (was ${v1})`);
    await visit(second, '/regions/kobe/assess');
    const stored = await sheetValues(second);
    checkEqual([stored.s2, stored.p2], ['2', '1'], "condition 2 after reloading: the first tab's marks");
    checkEqual([stored.s4, stored.p4], ['1', '3'], 'condition 4 after reloading: bob\'s earlier marks');
    checkEqual(await second.inputValue('#k2'), 'first tab', 'keywords of condition 2 after reloading');
  } finally {
    await second.close();
  }
});

step('f', 'root publishes kobe: version 2, SVG and PNG downloads', async () => {
  await logOut(page);
  await logIn(page, 'root');
  await visit(page, '/regions/kobe/consensus');
  const response = await submit(page, '#publish');
  checkEqual(response.status(), 200, 'status after publishing');
  checkEqual(pathOf(page), '/regions/kobe', 'page after publishing');
  checkEqual(await text(page, '.flash'), 'The consensus chart was published.', 'flash after publishing');
  const line = await text(page, '#publication');
  check(/^Version 2\b/.test(line), `#publication does not say version 2: ${line}`);
  check(line.includes('published by root'), `#publication does not name root: ${line}`);
  for (const who of ['nistep-2004', 'ada', 'bob']) check(line.includes(who), `#publication lacks assessor ${who}: ${line}`);
  await checkFigure(page, '#chart');

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-svg')]);
  checkEqual(svgDownload.suggestedFilename(), 'kobe-chart.svg', 'name of the SVG download');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  check(svg.startsWith('<svg'), `the SVG download starts with ${JSON.stringify(svg.slice(0, 40))}`);
  check(svg.includes('data-region="kobe"'), 'the SVG download lacks data-region="kobe"');

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
  checkEqual(pngDownload.suggestedFilename(), 'kobe-chart.png', 'name of the PNG download');
  const png = readFileSync(await pngDownload.path());
  checkEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature of the download');
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  check(w >= 200 && h >= 200, `the PNG download is ${w}×${h}`);
  console.log(`     downloads: SVG ${svg.length} bytes, PNG ${png.length} bytes (${w}×${h})`);
  checkEqual(pathOf(page), '/regions/kobe', 'page after the downloads (a download must not navigate)');
});

const PAGES = [
  ['overview', '/'],
  ['region-kobe', '/regions/kobe'],
  ['consensus-kobe', '/regions/kobe/consensus'],
  ['assess-kobe', '/regions/kobe/assess'],
];

step('g', 'screenshots in English, switch to Japanese, screenshots in Japanese', async () => {
  for (const [name, path] of PAGES) {
    await visit(page, path);
    checkEqual(await page.getAttribute('html', 'lang'), 'en', `<html lang> of ${path}`);
    await shoot(page, `en-${name}`);
  }
  await visit(page, '/regions/kobe');
  await submit(page, '#lang-switch');
  checkEqual(pathOf(page), '/regions/kobe', 'page after switching the language');
  checkEqual(await page.getAttribute('html', 'lang'), 'ja', '<html lang> after switching');
  const nav = await text(page, 'header.top nav');
  check(nav.includes('概要'), `the nav does not show 概要: ${nav}`);
  checkEqual(await text(page, '#lang-switch'), 'English', '#lang-switch in Japanese');
  const chart = await text(page, '#chart svg');
  check(chart.includes('神戸バイオクラスター'), `the chart lacks 神戸バイオクラスター: ${chart.slice(0, 200)}`);
  for (const name of ['知的集積', '世界水準の技術', '経済的危機感の共有']) {
    check(chart.includes(name), `the chart lacks the condition name ${name}: ${chart.slice(0, 300)}`);
  }
  check(!chart.includes('World-class technology'), 'the Japanese chart still has English condition names');
  check((await text(page, '#publication')).startsWith('第 2 版'), `#publication in Japanese: ${await text(page, '#publication')}`);
  checkCjkFont(await fontsOf(page, 'header.top nav a', '概要'), 'the nav link 概要');
  checkCjkFont(await fontsOf(page, '#chart svg text', '神戸'), 'the chart title');
  await checkFigure(page, '#chart');
  for (const [name, path] of PAGES) {
    await visit(page, path);
    checkEqual(await page.getAttribute('html', 'lang'), 'ja', `<html lang> of ${path}`);
    if (name === 'overview') {
      await checkFigure(page, '#heatmap');
      await checkFigure(page, '#map');
      checkCjkFont(await fontsOf(page, '#heatmap svg text', '神戸'), 'the heat map labels');
    }
    await shoot(page, `ja-${name}`);
  }
  // Back to English for root, so a rerun against the same database starts in English.
  await submit(page, '#lang-switch');
  checkEqual(await page.getAttribute('html', 'lang'), 'en', '<html lang> after switching back');
});

step('h', 'viewer vic: consensus yes, assessment form 403, no assess link', async () => {
  await logOut(page);
  await logIn(page, 'vic');
  checkEqual(await text(page, '#current-user'), 'vic (viewer)', '#current-user');
  const overviewLinks = await page.$$eval('a[href*="/assess"]', (as) => as.map((a) => a.getAttribute('href')));
  checkEqual(overviewLinks, [], 'assessment links on the overview for a viewer');
  await visit(page, '/regions/kobe');
  check(!(await page.$('#assess-link')), 'the kobe page offers a viewer #assess-link');
  check(await page.$('#consensus-link'), 'the kobe page offers a viewer no #consensus-link');
  await visit(page, '/regions/kobe/consensus');
  const c = await consensus(page);
  checkEqual(c.count, 3, '#assessor-count seen by vic');
  check(!(await page.$('#publish')), 'a viewer is offered #publish');
  check(!(await page.$('#settle')), 'a viewer is offered #settle');
  await visit(page, '/regions/kobe/assess', 403);
  const message = await text(page, '.error');
  check(/not allowed/.test(message), `the 403 page does not say why: ${message}`);
});

/** The #measured table: condition, expert mark (null for none), measured mark (null: no evidence), flag. */
async function measuredRows(page) {
  return page.$$eval('#measured tbody tr', (trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent.trim());
      const mark = (s) => (/^[0-3]$/.test(s) ? Number(s) : s);
      return { condition: Number(tr.dataset.condition), expert: mark(cells[2]), measured: mark(cells[3]), disagree: tr.classList.contains('disagree') };
    }),
  );
}

step('i', 'data package: the lake page draws its tree, network and phases; measured marks beside the published', async () => {
  await visit(page, '/regions/lake');
  check(await page.$('#unpublished'), 'lake is not shown as unpublished');
  for (const fig of ['#tree', '#network', '#phases']) await checkFigure(page, fig);
  const nodes = await page.$$eval('#network svg circle', (cs) => cs.length);
  check(nodes >= 5, `the network of lake draws ${nodes} nodes`);
  const before = await measuredRows(page);
  checkEqual(before.length, CONDITIONS, 'rows of #measured');
  for (const r of before) {
    checkEqual(r.expert, '—', `expert mark of condition ${r.condition} before publishing`);
    check(typeof r.measured === 'number' || r.measured === 'no evidence', `measured mark of condition ${r.condition}: ${r.measured}`);
    check(!r.disagree, `condition ${r.condition} flagged before any expert mark`);
  }
  const measured = before.filter((r) => typeof r.measured === 'number');
  check(measured.length >= 5, `only ${measured.length} conditions of lake are measured`);
  console.log(`     lake measured: ${before.map((r) => (typeof r.measured === 'number' ? r.measured : '·')).join(' ')}`);
  const png = await page.request.get(`${BASE}/regions/lake/tree.png`);
  checkEqual(png.status(), 200, 'status of the tree PNG');
  checkEqual([...(await png.body()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature of the tree');

  // ada marks every measured condition far from the measurement (0 for 2–3, 3 for 0–1); root publishes.
  await logOut(page);
  await logIn(page, 'ada');
  await visit(page, '/regions/lake/assess');
  const marks = {};
  for (const r of measured) marks[`s${r.condition}`] = r.measured >= 2 ? 0 : 3;
  await fillSheet(page, marks);
  const saved = await submit(page, '#save');
  checkEqual(saved.status(), 200, 'status after saving the lake sheet');
  await logOut(page);
  await logIn(page, 'root');
  await visit(page, '/regions/lake/consensus');
  await submit(page, '#publish');
  checkEqual(pathOf(page), '/regions/lake', 'page after publishing lake');
  check((await text(page, '#publication')).startsWith('Version 1'), `#publication of lake: ${await text(page, '#publication')}`);
  const after = await measuredRows(page);
  for (const r of after) {
    const expected = marks[`s${r.condition}`] ?? 0;
    checkEqual(r.expert, expected, `published expert mark of condition ${r.condition}`);
    const differ = typeof r.measured === 'number' && Math.abs(r.measured - r.expert) >= 2;
    check(r.disagree === differ, `condition ${r.condition}: expert ${r.expert}, measured ${r.measured}, flagged ${r.disagree}`);
  }
  checkEqual(after.filter((r) => r.disagree).length, measured.length, 'flagged conditions of lake');
  await checkFigure(page, '#chart');
  await shoot(page, 'en-region-lake');
});

let passed = 0;
let failed = 0;
let skipped = 0;
const started = Date.now();
console.log(`chiiki e2e: ${BASE} with Chromium ${version} (playwright-core)`);
for (const s of steps) {
  if (failed) {
    skipped += 1;
    console.log(`skip ${s.id}. ${s.title}`);
    continue;
  }
  const t0 = Date.now();
  try {
    await s.fn();
    passed += 1;
    console.log(`ok   ${s.id}. ${s.title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${s.id}. ${s.title}`);
    console.log(`     ${e instanceof Failure ? e.message : e.stack}`);
    console.log(`     at ${page.url()}`);
    await page
      .screenshot({ path: join(SHOTS, `FAILED-${s.id}.png`), fullPage: true })
      .then(() => console.log(`     screenshot: e2e/screenshots/FAILED-${s.id}.png`))
      .catch(() => {});
  }
}
if (pageErrors.length) {
  failed += 1;
  console.log(`FAIL the pages threw script errors:\n     ${pageErrors.join('\n     ')}`);
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`chiiki e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
